#!/usr/bin/env bash
# The project's tests, as the README gives them: the Swift tests, then (when ../shared/cel is
# beside the project) the CEL conformance cases against `advisor expr --batch`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tools the report tests check with: a Markdown linter (PyPI) and a CommonMark renderer (Debian).
# In CI the tests fail when either is missing; locally they are skipped with a note.
if ! command -v pymarkdownlnt >/dev/null 2>&1; then
  python3 -m pip install --quiet pymarkdownlnt || echo "could not install pymarkdownlnt"
fi
if ! command -v cmark-gfm >/dev/null 2>&1; then
  { apt-get update -qq && apt-get install -y -qq cmark-gfm; } >/dev/null 2>&1 || echo "could not install cmark-gfm"
fi
# The terminal tests of `advisor ask` drive a real terminal with tmux (Debian package).
if ! command -v tmux >/dev/null 2>&1; then
  echo "installing tmux for the terminal tests of advisor ask"
  (apt-get update && apt-get install -y tmux) || echo "could not install tmux: its tests fail in CI and are skipped locally"
fi

# The HTML report tests open the pages in a real browser, Debian's chromium, headless (the binary
# by path, nothing downloaded at run time), parse them with html5lib and measure the screenshots
# with Pillow (PyPI).
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium for the HTML report tests"
  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk) || echo "could not install chromium: its tests fail in CI and are skipped locally"
fi
if ! python3 -c 'import html5lib, PIL' >/dev/null 2>&1; then
  python3 -m pip install --quiet html5lib pillow || echo "could not install html5lib and pillow"
fi

swift build
set +e
swift test 2>&1 | tee .build/test-output.txt
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "swift test failed (exit $status)"
  exit "$status"
fi

# The Spark job in local mode (installs its own Java and PySpark; about 2 minutes).
bash scripts/test-spark.sh

cel=../shared/cel
if [ -d "$cel" ]; then
  bin="$(swift build --show-bin-path)/advisor"
  echo "CEL conformance ($cel) against: $bin expr --batch"
  bash "$cel/run_against.sh" --batch-cmd "$bin expr --batch" --failures .build/cel_conformance_failures.txt
else
  echo "no $cel beside the project: CEL conformance skipped"
fi

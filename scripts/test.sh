#!/usr/bin/env bash
# The project's tests, as the README gives them: the tools the tests use, the Swift tests, then
# the CEL conformance cases (../shared/cel) against `advisor expr --batch`.
#
# In CI (CI set; .ci/run sets it) nothing may be skipped: a tool that is missing and cannot be
# installed, or a missing ../shared/cel, fails the run and names what is missing. Locally the
# same case prints a note and the tests that need the tool skip with a note of their own.
set -euo pipefail
cd "$(dirname "$0")/.."

# need_tool TOOL PURPOSE INSTALL-COMMAND...
#   Makes sure TOOL is on PATH: when it is not, runs INSTALL-COMMAND, then looks again. Still
#   missing: fails in CI (exit 3, naming TOOL and PURPOSE), a note otherwise. One line per tool:
#     need_tool tmux "the terminal tests of advisor ask" apt_install tmux
need_tool() {
  local tool=$1
  shift
  need "$tool" "command -v $tool" "$@"
}

# need_python_module MODULE PURPOSE INSTALL-COMMAND...
#   The same for a Python module python3 must import:
#     need_python_module html5lib "the HTML report tests" pip_install html5lib
need_python_module() {
  local module=$1
  shift
  need "python module $module" "python3 -c 'import $module'" "$@"
}

# need NAME CHECK PURPOSE INSTALL-COMMAND...: what the two above share (CHECK is a shell command).
need() {
  local name=$1 check=$2 purpose=$3
  shift 3
  eval "$check" >/dev/null 2>&1 && return 0
  echo "installing $name for $purpose: $*"
  "$@" || echo "the install of $name failed: $*" >&2
  eval "$check" >/dev/null 2>&1 && return 0
  if [ -n "${CI:-}" ]; then
    echo "error: $name is missing and could not be installed ($*); CI needs it for $purpose" >&2
    exit 3
  fi
  echo "note: $name is missing, so $purpose are skipped (CI fails instead)" >&2
}

# Install commands for need_tool and need_python_module: Debian packages (one `apt-get update`
# a run) and PyPI packages.
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
pip_install() {
  python3 -m pip install --quiet "$@"
}

need_tool pymarkdownlnt "the Markdown lint of the reports" pip_install pymarkdownlnt
need_tool cmark-gfm "the CommonMark rendering of the reports" apt_install cmark-gfm
need_tool tmux "the terminal tests of advisor ask" apt_install tmux
# The HTML report tests open the pages in a real browser, Debian's chromium, headless (the binary
# by path, nothing downloaded at run time), parse them with html5lib and measure the screenshots
# with Pillow (PyPI).
need_tool chromium "the HTML report tests" apt_install chromium fonts-noto-cjk
# The zh-CN pages are drawn in a real CJK font (not tofu boxes): Debian's Noto Sans CJK.
need "fonts-noto-cjk" "fc-list :lang=zh family | grep -q 'Noto Sans CJK'" "the zh-CN screenshots of the HTML report" apt_install fonts-noto-cjk fontconfig
need_python_module html5lib "the HTML report tests" pip_install html5lib
need_python_module PIL "the HTML report tests" pip_install pillow
# The web interview's tests (scripts/test-web.sh): chromium (above) driven through Debian's
# chromium-driver by Selenium (PyPI); the example founders read with PyYAML.
need_tool chromedriver "the browser tests of advisor serve" apt_install chromium-driver
need_python_module selenium "the browser tests of advisor serve" pip_install selenium
need_python_module yaml "the web tests of advisor serve" pip_install pyyaml

cel=../shared/cel
if [ ! -d "$cel" ] && [ -n "${CI:-}" ]; then
  echo "error: no $cel beside the project: CI needs the CEL conformance cases" >&2
  exit 3
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

# advisor serve over HTTP: form posts, bad requests, a real browser (about a minute).
bash scripts/test-web.sh

# The Spark job in local mode (installs its own Java and PySpark, failing in CI when it cannot;
# about 2 minutes).
bash scripts/test-spark.sh

if [ -d "$cel" ]; then
  bin="$(swift build --show-bin-path)/advisor"
  echo "CEL conformance ($cel) against: $bin expr --batch"
  bash "$cel/run_against.sh" --batch-cmd "$bin expr --batch" --failures .build/cel_conformance_failures.txt
else
  echo "note: no $cel beside the project: CEL conformance skipped (CI fails instead)"
fi

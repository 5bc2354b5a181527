#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/ (a separate package, never built by `swift build` or
# `swift test` at the root) and runs it for a set time.
#
#   scripts/fuzz.sh expression [SECONDS] [libFuzzer flags...]   CEL parser, checker, evaluator
#   scripts/fuzz.sh loading    [SECONDS] [libFuzzer flags...]   profiles (YAML fast and full
#                                                               paths, JSON Lines, CSV) and rule books
#
# SECONDS defaults to 60. Seeds come from the project's own files (Rules/, Examples/profiles/,
# the rules' conditions, and ../shared/cel's cases when that folder is beside the project);
# the corpus grows in Fuzz/corpus/TARGET between runs. A crash, leak or timeout stops the run
# with exit status 1 and leaves the input in Fuzz/artifacts/TARGET/; replay it with
#   Fuzz/.build/release/FuzzLoading Fuzz/artifacts/loading/crash-...
# and turn it into a regression test (Tests/*/FuzzRegressionTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-60}
shift $(( $# < 2 ? $# : 2 ))
case "$target" in
  expression) product=FuzzExpression ;;
  loading) product=FuzzLoading ;;
  *) echo "usage: scripts/fuzz.sh expression|loading [SECONDS] [libFuzzer flags...]" >&2; exit 2 ;;
esac

# The root package is a path dependency: rebuild its manifest each time, so that a source file
# added there since the last run is compiled too.
swift build --package-path Fuzz -c release --product "$product" --disable-build-manifest-caching \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld \
  -Xcc -fsanitize=fuzzer-no-link,address
binary="$(swift build --package-path Fuzz -c release --show-bin-path)/$product"

seeds=Fuzz/seeds/$target
corpus=Fuzz/corpus/$target
artifacts=Fuzz/artifacts/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
python3 - "$target" "$seeds" <<'PY'
import glob, json, os, sys
import yaml  # PyYAML, only to pull seeds out of the project's files

target, out = sys.argv[1], sys.argv[2]
def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

rule_files = sorted(glob.glob("Rules/rules/*.yaml"))
profiles = sorted(glob.glob("Examples/profiles/*.yaml"))
if target == "expression":
    for path in rule_files:
        for index, rule in enumerate(yaml.safe_load(open(path, encoding="utf-8")).get("rules") or []):
            write(f"{os.path.basename(path)}-{index}", str(rule["when"]).encode())
    cases = "../shared/cel/cases.jsonl"
    if os.path.exists(cases):
        for index, line in enumerate(open(cases, encoding="utf-8")):
            write(f"cel-{index}", json.loads(line)["expr"].encode())
else:
    # The first byte picks the reader: 0 profile, 1 JSON line, 2 CSV, 3 rule file, 4 rule book.
    for path in profiles:
        text = open(path, "rb").read()
        write("profile-" + os.path.basename(path), b"\x00" + text)
        values = {k: v for k, v in yaml.safe_load(text).items()}
        write("jsonl-" + os.path.basename(path), b"\x01" + json.dumps(values, ensure_ascii=False).encode())
    rows = [yaml.safe_load(open(p, encoding="utf-8")) for p in profiles[:6]]
    header = sorted({k for row in rows for k in row if k != "notes"})
    def cell(v):
        if v is None: return ""
        if isinstance(v, bool): return "true" if v else "false"
        if isinstance(v, list): return ";".join(v) if v else "[]"
        text = str(v)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text
    csv = ",".join(header) + "\n" + "".join(",".join(cell(r.get(k)) for k in header) + "\n" for r in rows)
    write("csv-examples", b"\x02" + csv.encode())
    for path in rule_files:
        write("rulefile-" + os.path.basename(path), b"\x03" + open(path, "rb").read())
    # A whole book in one file: the header, facts, models and the first rules of each file.
    book = {}
    for path in ["Rules/rulebook.yaml", "Rules/facts.yaml", "Rules/models.yaml"]:
        book.update(yaml.safe_load(open(path, encoding="utf-8")))
    book["rules"] = [r for path in rule_files for r in (yaml.safe_load(open(path, encoding="utf-8")).get("rules") or [])[:2]]
    write("rulebook-combined", b"\x04" + yaml.safe_dump(book, allow_unicode=True, sort_keys=False).encode())
PY

echo "fuzzing $product for $seconds s: $(ls "$seeds" | wc -l) seeds, corpus $corpus, artifacts $artifacts"
exec "$binary" "$corpus" "$seeds" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="Fuzz/dictionaries/$target.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"

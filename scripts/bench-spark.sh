#!/usr/bin/env bash
# The Spark job against `advisor score` on the same file (issue 16's benchmark figure):
# 1,000,000 generated profiles (or N) through local[2], in one run beside the direct CLI, the job
# without the advisor (Spark, the JVM and Arrow alone) and rdd.pipe. Needs what
# scripts/test-spark.sh installs. Usage: scripts/bench-spark.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
swift build -c release --product advisor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && python3 "$OLDPWD/../shared/bench/gen_profiles.py" --n "$n" --seed 20250601 --no-yaml >/dev/null)
python3 Examples/spark/bench_advisor_spark.py .build/release/advisor "$work/profiles.jsonl" 'local[2]'

#!/usr/bin/env bash
# The Spark job (Examples/spark/) in local mode against `advisor score` run directly: installs
# its own Java (Debian openjdk-17-jre-headless) and PySpark (PyPI, pinned), then runs
# Examples/spark/test_advisor_spark.py on the advisor that `swift build` made. About 2 minutes
# on a busy 2-core machine. A tool that cannot be installed fails the run when CI is set;
# elsewhere the Spark tests are skipped with a note.
# Usage: scripts/test-spark.sh [ADVISOR_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."

pins=(pyspark==3.5.3 pyarrow==26.0.1 pandas==3.1.1 numpy==2.4.6 pyyaml==6.0.3)  # PyYAML: the profile generator
missing() {
  if [ -n "${CI:-}" ]; then echo "error: $1 (needed by the Spark tests)" >&2; exit 1; fi
  echo "Spark tests skipped: $1"; exit 0
}
if ! command -v java >/dev/null 2>&1; then
  echo "installing a Java runtime for the Spark tests"
  { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; } >/dev/null 2>&1 || true
fi
command -v java >/dev/null 2>&1 || missing "no java, and apt-get install openjdk-17-jre-headless failed"
if ! python3 -c 'import pyspark, pyarrow, pandas, numpy, yaml, sys; sys.exit(pyspark.__version__ != "3.5.3")' 2>/dev/null; then
  echo "installing ${pins[*]} for the Spark tests"
  python3 -m pip install --quiet "${pins[@]}" || true
fi
python3 -c "import pyspark, pyarrow, pandas, numpy, yaml" 2>/dev/null || missing "python3 -m pip install ${pins[*]} failed"

binary="${1:-$(swift build --show-bin-path)/advisor}"
[ -x "$binary" ] || swift build
python3 Examples/spark/test_advisor_spark.py "$binary"

#!/usr/bin/env bash
# The batch benchmark in one command: installs what it needs (libyaml's headers for the YAML
# floor, PyYAML for the profile generator and the web load client), builds in release mode, and
# prints the figures; the last row is advisor serve under load from a second process
# (Tests/web/load.py: 200 concurrent interviews of up to 10 steps on loopback).
#   scripts/bench.sh [--workload ../shared/bench] [--profiles 100000] [--large 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -f /usr/include/yaml.h ]; then
  apt-get update -qq && apt-get install -y -qq libyaml-dev > /dev/null
fi
python3 -c "import yaml" 2>/dev/null || pip install -q pyyaml
swift build -c release --product advisor > /dev/null
swift build -c release --product advisor-bench > /dev/null
.build/release/advisor-bench "$@"
python3 Tests/web/load.py --advisor .build/release/advisor --markdown

#!/usr/bin/env bash
# Regenerates Examples/reports/: the reports of a few example profiles (and Examples/reports/zh-CN/: the same in Chinese), so a visitor sees what
# `advisor explain` writes without running it. `swift test` fails while they are out of date
# (or set ADVISOR_RECORD_REPORTS=1 when running the tests to re-record them there).
set -euo pipefail
cd "$(dirname "$0")/.."
examples=(
  m2c-korean-skincare-brand
  b2c-discount-importer-vs-flash-sales
  service_provider-quality-inspection-firm
  rebate_guide-store-agent-operator
)
swift build --product advisor >/dev/null
bin="$(swift build --show-bin-path)/advisor"
mkdir -p Examples/reports
for name in "${examples[@]}"; do
  "$bin" explain "Examples/profiles/$name.yaml" -o "Examples/reports/$name.md"
done
# The same reports in Simplified Chinese (--lang zh-CN), in Examples/reports/zh-CN/.
mkdir -p Examples/reports/zh-CN
for name in "${examples[@]}"; do
  "$bin" explain --lang zh-CN "Examples/profiles/$name.yaml" -o "Examples/reports/zh-CN/$name.md"
done

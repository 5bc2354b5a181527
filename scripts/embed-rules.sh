#!/usr/bin/env bash
# Writes Sources/AdvisorLoading/Generated/ShippedRuleBook+Generated.swift from the YAML files of Rules/ (tests/ excluded),
# so the advisor carries its rule book inside the executable and works from any folder.
# Run after editing Rules/; `swift test` fails while the embedded copy is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
find Rules -path Rules/tests -prune -o \( -name '*.yaml' -o -name '*.yml' \) -type f -print \
  | scripts/embed-files.sh Sources/AdvisorLoading/Generated/ShippedRuleBook+Generated.swift scripts/embed-rules.sh \
      'The rule book shipped in `Rules/`' ShippedRuleBook SourceFile

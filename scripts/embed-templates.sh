#!/usr/bin/env bash
# Writes Sources/AdvisorReports/Generated/ShippedTemplates+Generated.swift from Templates/*.mustache (English) and
# Templates/<language>/*.mustache (the same templates in another language), so the advisor
# carries its report templates inside the executable and works from any folder.
# Run after editing Templates/; `swift test` fails while the embedded copy is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
find Templates -maxdepth 2 -name '*.mustache' -type f -print \
  | scripts/embed-files.sh Sources/AdvisorReports/Generated/ShippedTemplates+Generated.swift scripts/embed-templates.sh \
      'The report templates shipped in `Templates/`' ShippedTemplates TemplateFile

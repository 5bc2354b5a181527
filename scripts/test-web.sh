#!/usr/bin/env bash
# The web interview's tests (Tests/web/test_serve.py): `advisor serve` started on free loopback
# ports, plain form posts (no JavaScript), bad requests, and a real browser (Debian's chromium and
# chromium-driver, driven by Selenium with the driver's path given, so nothing is downloaded).
# scripts/test.sh installs the tools first; run alone, this needs them installed.
# Usage: scripts/test-web.sh [ADVISOR_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-$(swift build --show-bin-path)/advisor}"
[ -x "$binary" ] || swift build
started=$(date +%s)
ADVISOR="$binary" python3 -m unittest discover -s Tests/web -p 'test_*.py' -v
echo "web tests: $(( $(date +%s) - started )) s"

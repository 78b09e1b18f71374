#!/usr/bin/env bash
# Re-extracts every tr() string into translations/pasokh_fa.ts (no source locations, so parallel work merges cleanly).
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
dirs=()
for d in app ui models telephony; do [ -d "$d" ] && dirs+=("$d"); done
"$LUPDATE" -I . -locations none -no-obsolete -source-language en -target-language fa_IR "${dirs[@]}" \
  -ts translations/pasokh_fa.ts

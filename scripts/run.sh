#!/usr/bin/env bash
# README's first command: installs what is missing, builds, and starts the console on its embedded default
# (local SQLite in the user's data folder; no hub, no PBX needed). Arguments go to the console, e.g. --lang en.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/app/pasokh "$@"

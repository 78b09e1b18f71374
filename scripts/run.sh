#!/usr/bin/env bash
# README's first command: installs what is missing, builds, and starts the console on its embedded default
# (local SQLite in the user's data folder; no hub, no PBX needed). Arguments go to the console, e.g. --lang en.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Only what the console uses: the console, its phone engine and the admin CLI (not the tests, benchmarks or hub).
PASOKH_BUILD_TARGETS="pasokh pasokh-phone pasokhctl" scripts/build.sh
exec build/app/pasokh/pasokh "$@"

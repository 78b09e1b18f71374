#!/usr/bin/env bash
# Builds and runs the benchmarks (ctest label bench); each prints lines of the form `name value unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
PASOKH_BUILD_DIR=build scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest -L bench -V --timeout 3000)

#!/usr/bin/env bash
# Configures and builds Pasokh into build/ (or $PASOKH_BUILD_DIR). Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${PASOKH_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${PASOKH_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
# PASOKH_BUILD_TARGETS (space-separated) builds only those targets, e.g. the console and its helpers.
targets=()
for t in ${PASOKH_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$BUILD_DIR" --parallel "$(nproc)" "${targets[@]}"

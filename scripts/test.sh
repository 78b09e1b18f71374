#!/usr/bin/env bash
# README's second command: installs what is missing, builds with warnings as errors, runs the whole test suite,
# then builds the unit tests with AddressSanitizer + UndefinedBehaviorSanitizer and runs them too.
# Benchmarks (ctest label bench) are not part of it: run them with scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

jobs=$(nproc)
echo "== format (.clang-format, clang-format 14)"
scripts/check-format.sh
echo "== build (warnings are errors)"
PASOKH_BUILD_DIR=build scripts/build.sh -DPASOKH_WERROR=ON
echo "== tests"
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -LE bench -j "$jobs" --timeout 600)

echo "== sanitizer build (ASan + UBSan) of the unit tests (with the hub's)"
PASOKH_BUILD_DIR=build-asan PASOKH_BUILD_TYPE=Debug scripts/build.sh -DPASOKH_WERROR=ON -DPASOKH_SANITIZE=ON \
  -DPASOKH_BUILD_SERVER=ON -DPASOKH_BUILD_TELEPHONY_ENGINE=OFF -DPASOKH_BUILD_BENCH=OFF
(cd build-asan && QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -L unit -j "$jobs" --timeout 600)

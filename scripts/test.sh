#!/usr/bin/env bash
# Installs what is missing, builds gavel and its tests, and runs them all
# (unit, integration and the headless-Chromium player tests) with ctest.
#   GAVEL_SANITIZE=ON scripts/test.sh   the same under ASan and UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
sanitize=${GAVEL_SANITIZE:-OFF}
build=build
[[ "$sanitize" == "ON" ]] && build=build-sanitize
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAVEL_SANITIZE="$sanitize"
cmake --build "$build"
cd "$build"
ctest --output-on-failure -j "$(nproc)"

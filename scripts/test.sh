#!/usr/bin/env bash
# Installs what is missing, builds gavel and its tests, and runs them all
# (unit, integration and the headless-Chromium player tests) with ctest.
#   GAVEL_SANITIZE=ON scripts/test.sh   the same under ASan and UBSan
# Whatever ran before in this checkout (scripts/run.sh, a sanitizer run),
# every option that decides what is tested is set here, and a run that
# finds no tests fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
sanitize=${GAVEL_SANITIZE:-OFF}
build=build
[[ "$sanitize" == "ON" ]] && build=build-sanitize
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAVEL_SANITIZE="$sanitize" \
  -DGAVEL_BUILD_TESTS=ON -DGAVEL_BUILD_WEB=ON
cmake --build "$build"
cd "$build"
ctest --output-on-failure --no-tests=error -j "$(nproc)"

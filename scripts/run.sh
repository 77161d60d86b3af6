#!/usr/bin/env bash
# Installs what is missing, builds gavel, and serves ./data at
# http://127.0.0.1:8080. Every argument goes to `gavel serve` as it is
# (no `--` needed): scripts/run.sh --listen 0.0.0.0:8080
#   scripts/run.sh --check    start, answer one GET /healthz, stop
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# A first configure leaves the tests out (GoogleTest may not be installed);
# an existing build folder keeps its own choice, so running the server never
# switches off the tests that scripts/test.sh configured there.
if [[ -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAVEL_BUILD_TESTS=OFF
fi
cmake --build build --target gavel
exec build/app/gavel serve "$@"

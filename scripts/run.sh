#!/usr/bin/env bash
# Installs what is missing, builds gavel, and serves ./data at
# http://127.0.0.1:8080 (extra arguments go to `gavel serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAVEL_BUILD_TESTS=OFF
cmake --build build --target gavel
exec build/app/gavel serve "$@"

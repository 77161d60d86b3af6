#!/usr/bin/env bash
# Installs what gavel needs on Debian 12, from Debian's packages only.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh --test   also what the tests use (ffmpeg for
#                                    fixtures, Chromium for the player test)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsodium-dev libssl-dev zlib1g-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(libgtest-dev ffmpeg chromium fonts-nanum clang-format)
fi
# Node.js (for the web assets): Debian's, unless a newer one is already here.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

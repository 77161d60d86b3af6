#!/usr/bin/env bash
# How much a large tus upload grows gavel's memory: starts gavel on a temp
# data dir, logs in as a clerk, uploads GIB gibibytes of zeros in PATCH
# requests of CHUNK_MIB each (streamed by curl, never held in memory),
# samples gavel's VmRSS every second, and prints the RSS before the first
# PATCH, the peak during the upload (sampled, and the kernel's VmHWM reset
# at the start) and the growth; the target is under 32 MB for 4 GiB.
# Everything is deleted afterwards.
# No transcode runs (--workers 0): the finished upload is only queued.
#   bench/upload-memory.sh [GIB]      (default 4)
#   CHUNK_MIB=4096 bench/upload-memory.sh   # the whole file in one PATCH
set -euo pipefail
cd "$(dirname "$0")/.."
gib=${1:-4}
chunk_mib=${CHUNK_MIB:-1024}
port=${PORT:-18090}
gavel=${GAVEL_BINARY:-build/app/gavel}

command -v curl >/dev/null || {
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq curl >/dev/null
}
[[ -x "$gavel" ]] || { cmake -S . -B build -G Ninja -DGAVEL_BUILD_TESTS=OFF >/dev/null && cmake --build build --target gavel; }

length=$((gib * 1024 * 1024 * 1024))
chunk=$((chunk_mib * 1024 * 1024))
work=$(mktemp -d "${TMPDIR:-/tmp}/gavel-upload-memory.XXXXXX")
data=$work/data
gavel_pid=""
sampler_pid=""
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null
  [[ -n $gavel_pid ]] && kill "$gavel_pid" 2>/dev/null && wait "$gavel_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The upload, plus the 1 GiB gavel keeps free, plus a margin.
free=$(df --output=avail -B1 "$work" | tail -1)
if ((free < length + 2 * 1024 * 1024 * 1024)); then
  echo "error: $((free >> 30)) GiB free under $work; this needs $(((length >> 30) + 2)) GiB (set TMPDIR elsewhere)" >&2
  exit 1
fi

password=$(head -c 18 /dev/urandom | base64)
printf '%s' "$password" | "$gavel" user add bench --role clerk --password-stdin --data "$data" >/dev/null
"$gavel" serve --data "$data" --listen "127.0.0.1:$port" --workers 0 --no-access-log >"$work/gavel.log" 2>&1 &
gavel_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$base/healthz" >/dev/null || { echo "error: gavel did not start:" >&2; cat "$work/gavel.log" >&2; exit 1; }

json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
token=$(curl -sf "$base/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$password\"}" | json_field token)
auth=(-H "Authorization: Bearer $token")
meeting=$(curl -sf "${auth[@]}" "$base/api/v1/meetings" -H 'Content-Type: application/json' \
  -d '{"body":"plenary","date":"2026-11-13","title":"upload memory bench"}' | json_field id)
tus=(-H 'Tus-Resumable: 1.0.0')
location=$(curl -sf -o /dev/null -D - "${auth[@]}" "${tus[@]}" -X POST "$base/api/v1/uploads" \
  -H "Upload-Length: $length" \
  -H "Upload-Metadata: filename $(printf 'bench.bin' | base64),meeting $(printf '%s' "$meeting" | base64)" |
  tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')
[[ -n $location ]] || { echo "error: the upload was not created" >&2; exit 1; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$gavel_pid/status"; }
start_kb=$(rss_kb)
# The peak so far is logging in (Argon2id takes its 64 MB and gives it
# back); from here on the kernel's peak (VmHWM) is the upload's alone.
echo 5 >"/proc/$gavel_pid/clear_refs"
(while kill -0 "$gavel_pid" 2>/dev/null; do rss_kb; sleep 1; done) >"$work/rss.txt" 2>/dev/null &
sampler_pid=$!

echo "uploading $gib GiB in PATCHes of $chunk_mib MiB to $base$location"
began=$(date +%s.%N)
offset=0
while ((offset < length)); do
  n=$((length - offset < chunk ? length - offset : chunk))
  # -T - streams stdin; an explicit Content-Length (and no chunking), as
  # tus-js-client sends it.
  offset=$(head -c "$n" /dev/zero |
    curl -sf -o /dev/null -D - "${auth[@]}" "${tus[@]}" -X PATCH -T - "$base$location" \
      -H "Upload-Offset: $offset" -H 'Content-Type: application/offset+octet-stream' \
      -H "Content-Length: $n" -H 'Transfer-Encoding:' -H 'Expect:' |
    tr -d '\r' | awk 'tolower($1) == "upload-offset:" {print $2}')
  [[ -n $offset ]] || { echo "error: a PATCH failed; gavel said:" >&2; tail -5 "$work/gavel.log" >&2; exit 1; }
  printf '  %5d MiB, VmRSS %d KB\n' $((offset >> 20)) "$(rss_kb)"
done
seconds=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
sleep 1.5  # one more sample after the last byte
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
end_kb=$(rss_kb)
# The kernel's peak catches what one sample a second could miss (it lags
# the live counters by a few pages, so the larger of the two is reported).
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$gavel_pid/status")
peak_kb=$(sort -n "$work/rss.txt" | tail -1)
((peak_kb > end_kb)) || peak_kb=$end_kb
stored=$(find "$data/originals" -type f -printf '%s\n' | head -1)

# The meeting goes, and its original with it (the queued transcode never ran).
curl -sf -o /dev/null "${auth[@]}" -X DELETE "$base/api/v1/meetings/$meeting" || echo "warning: the meeting was not deleted" >&2

awk -v stored="$stored" -v total="$length" -v seconds="$seconds" -v start="$start_kb" -v peak="$peak_kb" \
  -v end="$end_kb" -v hwm="$hwm_kb" -v samples="$(wc -l <"$work/rss.txt")" 'BEGIN {
  printf "\n%s bytes stored (%s expected) in %.1f s (%.0f MB/s)\n", stored, total, seconds, total / seconds / 1e6
  printf "VmRSS before the first PATCH  %7.1f MB\n", start / 1024
  printf "VmRSS peak, sampled           %7.1f MB  (%d samples, one a second)\n", peak / 1024, samples
  printf "VmHWM during the upload       %7.1f MB  (the kernel keeps it, reset before the first PATCH)\n", hwm / 1024
  printf "VmRSS after the last PATCH    %7.1f MB\n", end / 1024
  top = peak > hwm ? peak : hwm
  printf "growth (highest peak - start) %7.1f MB  (target: under 32 MB)\n", (top - start) / 1024
}'

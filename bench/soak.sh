#!/usr/bin/env bash
# Soak: gavel serves 500 simulated viewers (wrk, bench/soak/viewers.lua:
# random playlists and segments of several meetings, each viewer pausing
# between requests like a player) for SECONDS, while a clerk logs in and
# uploads a recording through tus (bench/soak/clerk.sh) and the in-process
# worker transcodes it. The server's RSS and open descriptors are sampled at
# the start, every 30 s and at the end. Not part of the tests.
#
#   bench/soak.sh [SECONDS]                       (default 600, or SOAK_SECONDS)
#   SOAK_UPLOAD=/work/corpus/plenary-h264-1080p.mp4 bench/soak.sh
#
# Without SOAK_UPLOAD a 720p recording of SOAK_UPLOAD_SECONDS (60) is
# generated with ffmpeg.
# Other knobs: SOAK_VIEWERS (500), SOAK_PACE_MS (mean wait between a
# viewer's requests, 2000: three times a player's pace with 6 s segments),
# SOAK_MEETINGS (3), SOAK_UPLOAD_AFTER (30 s), SOAK_UPLOAD_RATE (4M bytes/s),
# SOAK_PORT (18090), GAVEL_BINARY (build/app/gavel), SOAK_RESULTS
# (build/soak-results/DATE).
# Writes wrk.out, clerk.out, samples.tsv, metrics.txt, gavel.log and
# summary.txt there.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${SOAK_SECONDS:-600}}
viewers=${SOAK_VIEWERS:-500}
pace_ms=${SOAK_PACE_MS:-2000}
meetings=${SOAK_MEETINGS:-3}
upload_after=${SOAK_UPLOAD_AFTER:-30}
upload_rate=${SOAK_UPLOAD_RATE:-4M}
gavel=${GAVEL_BINARY:-build/app/gavel}
results=${SOAK_RESULTS:-build/soak-results/$(date +%Y%m%d-%H%M%S)}

need=()
for tool in wrk ffmpeg curl jq bc openssl; do command -v $tool >/dev/null || need+=("$tool"); done
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
[[ -x "$gavel" ]] || { cmake -S . -B build -G Ninja -DGAVEL_BUILD_TESTS=OFF >/dev/null && cmake --build build --target gavel; }
ulimit -n "$(ulimit -Hn)"  # one descriptor per viewer on each side

mkdir -p "$results"
results=$(cd "$results" && pwd)
work=$(mktemp -d)
sampler_pid="" gavel_pid=""
cleanup() {
  kill $sampler_pid $gavel_pid 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
data=$work/data
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

echo "preparing $meetings meetings to watch..."
ff -f lavfi -i testsrc2=s=640x360:r=25 -f lavfi -i sine=f=440 -t 60 \
  -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a aac "$work/watch.mp4"
for i in $(seq "$meetings"); do
  "$gavel" ingest "$work/watch.mp4" --data "$data" --body plenary --date 2026-11-1"$i" --title "soak $i" --wait \
    >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
done
upload=${SOAK_UPLOAD:-}
if [[ -z $upload ]]; then
  upload=$work/upload.mp4
  ff -f lavfi -i testsrc2=s=1280x720:r=30 -f lavfi -i sine=f=220 -t "${SOAK_UPLOAD_SECONDS:-60}" \
    -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -c:a aac "$upload"
fi
password="soak-clerk-password"
printf '%s' "$password" | "$gavel" user add clerk --role clerk --password-stdin --data "$data" >/dev/null

# Every file a player fetches, plus the API records the watch page reads.
(cd "$data/media" && find . -type f \( -name '*.m3u8' -o -name '*.mp4' -o -name '*.m4s' \) | sed 's|^\.|/media|') \
  > "$work/paths.txt"
for i in $(seq "$meetings"); do echo "/api/v1/meetings/$i"; done >> "$work/paths.txt"
echo "$(wc -l < "$work/paths.txt") URLs over $meetings meetings"

port=${SOAK_PORT:-18090}
"$gavel" serve --data "$data" --listen 127.0.0.1:$port --workers 1 --no-access-log \
  --max-connections 20000 >"$results/gavel.log" 2>&1 &
gavel_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

started=$(date +%s)
sample() {  # elapsed seconds, VmRSS KiB, open descriptors, load average
  printf '%s\t%s\t%s\t%s\n' "$(($(date +%s) - started))" \
    "$(awk '/VmRSS/ {print $2}' /proc/$gavel_pid/status)" "$(ls /proc/$gavel_pid/fd | wc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)" >> "$results/samples.tsv"
}
printf 'seconds\trss_kib\tfds\tload\n' > "$results/samples.tsv"
sample
(while sleep 30; do sample; done) &
sampler_pid=$!

echo "soaking for $seconds s: $viewers viewers, a clerk's upload after $upload_after s; results in $results"
wrk -t2 -c"$viewers" -d"${seconds}s" --timeout 10s -s bench/soak/viewers.lua "$base" -- "$work/paths.txt" "$pace_ms" \
  > "$results/wrk.out" 2>&1 &
wrk_pid=$!
sleep "$upload_after"
bench/soak/clerk.sh "$base" clerk "$password" "$upload" "$upload_rate" "$((seconds + 300))" \
  > "$results/clerk.out" 2>&1 &
clerk_pid=$!
wait $wrk_pid
kill $sampler_pid 2>/dev/null || true
sample
curl -sf "$base/metrics" > "$results/metrics.txt" || true
wait $clerk_pid || echo "clerk.sh failed: see $results/clerk.out"
kill -TERM $gavel_pid
gavel_exit=0
wait $gavel_pid || gavel_exit=$?

field() { grep -o "$1=[^ ]*" "$results/$2" | head -1 | cut -d= -f2; }
first() { sed -n 2p "$results/samples.tsv" | cut -f"$1"; }
last() { tail -1 "$results/samples.tsv" | cut -f"$1"; }
{
  echo "soak: $seconds s, $viewers viewers (mean pace $pace_ms ms), $meetings meetings, upload $(basename "$upload") ($(stat -c %s "$upload") bytes) at $upload_rate/s"
  echo "requests: $(field requests wrk.out)"
  echo "errors: non-2xx/3xx $(field non_2xx_3xx wrk.out), socket connect $(field connect wrk.out) read $(field read wrk.out) write $(field write wrk.out) timeout $(field timeout wrk.out)"
  echo "statuses: $(grep -o 'soak-statuses.*' "$results/wrk.out" | cut -d' ' -f2-)"
  echo "latency: p50 $(field p50_ms wrk.out) ms, p99 $(field p99_ms wrk.out) ms, max $(field max_ms wrk.out) ms"
  echo "gavel RSS: start $(($(first 2) / 1024)) MB, end $(($(last 2) / 1024)) MB, peak sample $(($(cut -f2 "$results/samples.tsv" | sort -n | tail -1) / 1024)) MB"
  echo "gavel descriptors: start $(first 3), end $(last 3), peak sample $(cut -f3 "$results/samples.tsv" | sort -n | tail -1)"
  echo "upload: meeting $(field meeting clerk.out), sent in $(field upload_seconds clerk.out) s, status $(field status clerk.out), ready $(field ready_seconds clerk.out) s after the upload"
  echo "gavel exit after SIGTERM: $gavel_exit"
} | tee "$results/summary.txt"

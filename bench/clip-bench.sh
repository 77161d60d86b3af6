#!/usr/bin/env bash
# A one-hour clip, cut by gavel while it downloads, against the `ffmpeg`
# program making the same moov-first MP4 from the same HLS renditions
# (stream copy, -movflags +faststart) in the same run.
#   bench/clip-bench.sh [MINUTES] [RECORDING]     (default 60 minutes; a
#   generated 720p recording, or e.g. /work/corpus/plenary-h264-1080p.mp4)
# Prints gavel's time to first byte and to last byte (first request, cut
# while sent; second request, from the cache) and ffmpeg's time to a
# finished file (a player can start on it only then), with ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
recording=${2:-}
gavel=${GAVEL_BINARY:-build/app/gavel}
command -v ffmpeg >/dev/null || { echo "needs the ffmpeg program (apt-get install ffmpeg)" >&2; exit 1; }
[[ -x "$gavel" ]] || { cmake -S . -B build -G Ninja -DGAVEL_BUILD_TESTS=OFF >/dev/null && cmake --build build --target gavel; }

work=$(mktemp -d)
trap 'status=$?; [[ $status -ne 0 && -f $work/gavel.log ]] && tail -5 "$work/gavel.log" >&2; kill $gavel_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
if [[ -z "$recording" ]]; then
  recording=$work/source.mp4
  ff -f lavfi -i testsrc2=s=1280x720:r=30 -f lavfi -i sine=f=440:r=48000 -t 60 \
    -c:v libx264 -preset veryfast -g 60 -b:v 2500k -c:a aac -b:a 128k "$recording"
fi
data=$work/data
"$gavel" ingest "$recording" --data "$data" --body plenary --title "clip bench" --wait >/dev/null 2>&1
media=$data/media/1
[[ -d $media/720p ]] || { echo "the recording has no 720p rendition" >&2; exit 1; }

# Loop the packaged 720p and audio renditions to the wanted length, as
# one long meeting would be packaged (the ladder's 2 s keyframes kept).
loop_rendition() {  # $1 = rendition folder
  local dir=$media/$1 one=$work/$1-one.mp4 seconds=$((minutes * 60))
  ff -i "$dir/index.m3u8" -c copy "$one"
  rm -f "$dir"/seg*.m4s "$dir/index.m3u8" "$dir/init.mp4"
  ff -stream_loop -1 -i "$one" -t "$seconds" -c copy -f hls -hls_time 6 -hls_playlist_type vod \
    -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$dir/seg%05d.m4s" "$dir/index.m3u8"
}
loop_rendition 720p
loop_rendition audio
size_mb=$(du -sm "$media/720p" "$media/audio" | awk '{s += $1} END {print s}')
echo "meeting: $minutes min; 720p + audio renditions: $size_mb MB"

port=18090
"$gavel" serve --data "$data" --listen 127.0.0.1:$port --workers 0 --no-access-log >"$work/gavel.log" 2>&1 &
gavel_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
end=$((minutes * 60))
url="http://127.0.0.1:$port/api/v1/meetings/1/clip.mp4?start=0&end=$end&quality=720p"
# Drop the page cache's advantage for nobody: both read the same warm files.
cat "$media"/720p/* "$media"/audio/* >/dev/null

mb() { awk -v b="$1" 'BEGIN {print b / 1048576}'; }
timing() { curl -sf -o "$2" -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$1"; }
read -r g_first g_total g_size < <(timing "$url" "$work/gavel.mp4")
read -r c_first c_total c_size < <(timing "$url" "$work/gavel-cached.mp4")
start_ns=$(date +%s%N)
ff -i "$media/720p/index.m3u8" -i "$media/audio/index.m3u8" -map 0:v -map 1:a -t "$end" -c copy \
  -movflags +faststart "$work/ffmpeg.mp4"
f_total=$(awk -v ns=$(( $(date +%s%N) - start_ns )) 'BEGIN {printf "%.3f", ns / 1e9}')
f_size=$(stat -c %s "$work/ffmpeg.mp4")

cmp -s "$work/gavel.mp4" "$work/gavel-cached.mp4" || { echo "FAIL: the cached clip differs from the streamed one" >&2; exit 1; }
probe=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/gavel.mp4")
first_box=$(head -c 8 "$work/gavel.mp4" | tail -c 4); moov_at=$(grep -obUa moov "$work/gavel.mp4" | head -1 | cut -d: -f1)
printf '\n%-34s %12s %12s %10s\n' "" "first byte s" "last byte s" "MB"
printf '%-34s %12.3f %12.3f %10.1f\n' "gavel, first request (cut as sent)" "$g_first" "$g_total" "$(mb "$g_size")"
printf '%-34s %12.3f %12.3f %10.1f\n' "gavel, second request (cached)" "$c_first" "$c_total" "$(mb "$c_size")"
printf '%-34s %12.3f %12.3f %10.1f\n' "ffmpeg -c copy +faststart" "$f_total" "$f_total" "$(mb "$f_size")"
echo
echo "clip: ${probe} s, box 1 '$first_box', moov at byte $moov_at"
awk -v g="$g_first" -v f="$f_total" 'BEGIN {printf "time to first byte, gavel/ffmpeg-finished: %.4f\n", g / f}'
awk -v g="$g_total" -v f="$f_total" 'BEGIN {printf "time to last byte, gavel/ffmpeg: %.2f\n", g / f}'

#!/usr/bin/env bash
# Compares `gavel transcode` with the ffmpeg program making the same HLS
# ladder from the same input: wall time, peak memory (RSS) and time to the
# first written segment.
#
# usage: bench/transcode-bench.sh [INPUT...]
#   default inputs: the corpus's plenary-h264-1080p.mp4 and committee-mpeg2-1080i.ts
#   (made by make-corpus.sh; CORPUS=DIR says where, default /work/corpus)
# env:  GAVEL=path/to/gavel (default build/app/gavel)   KEEP=1 keeps the outputs
#       RUNS=N runs each side N times (default 3) and reports the best wall
#       time and first-segment time, and the largest peak memory: on a shared
#       machine the best run is the one least disturbed by others. CPU time
#       (user+sys) is shown too; it hardly depends on what else runs.
#
# The ffmpeg side is what gavel would make if it encoded everything: one
# decode, bwdif (only touching interlaced pictures), a constant frame rate,
# one split to every rung, libx264 veryfast High@4.1 with gavel's bitrates,
# VBV (1.5x peak, 2x buffer), 2 B-frames, closed GOPs with an IDR every 2 s
# and no scene cuts, AAC-LC 128k stereo after loudnorm to -16 LUFS, and
# 6 s fMP4 HLS segments. gavel may instead copy a browser-ready top rung
# and sound; that saving is what the comparison shows.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gavel=${GAVEL:-$root/build/app/gavel}
corpus=${CORPUS:-/work/corpus}
[ -x "$gavel" ] || { echo "no gavel binary at $gavel (build it, or set GAVEL=)" >&2; exit 1; }
for tool in ffmpeg ffprobe /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install ffmpeg time)" >&2; exit 1; }
done
[ $# -gt 0 ] || set -- "$corpus/plenary-h264-1080p.mp4" "$corpus/committee-mpeg2-1080i.ts"

work=$(mktemp -d /tmp/gavel-bench.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# Seconds from now until every rendition folder under $1 holds a complete
# segment (the muxers write *.tmp and rename), i.e. until playback can start
# at any rung; gives up when process $2 exits.
first_segment() {
  local dir=$1 pid=$2 start
  start=$(date +%s.%N)
  while kill -0 "$pid" 2>/dev/null; do
    local folders=0 ready=0 d
    for d in "$dir"/*/; do
      [ -d "$d" ] || continue
      folders=$((folders + 1))
      [ -z "$(find "$d" -maxdepth 1 -name '*.m4s' -print -quit)" ] || ready=$((ready + 1))
    done
    if [ "$folders" -gt 0 ] && [ "$ready" -eq "$folders" ]; then
      echo "$(date +%s.%N) - $start" | bc -l
      return
    fi
    sleep 0.05
  done
  echo "nan"
}

# Runs "$@" under /usr/bin/time; prints "wall_s peak_kb cpu_s first_segment_s".
measure() {
  local out=$1; shift
  mkdir -p "$out"
  nice /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/log" 2>&1 &
  local pid=$!
  local first
  first=$(first_segment "$out" "$pid")
  if ! wait "$pid"; then
    echo "failed: $*" >&2
    tail -n 20 "$work/log" >&2
    exit 1
  fi
  read -r wall kb user sys < <(tail -n 1 "$work/time")
  echo "$wall $kb $(echo "$user + $sys" | bc -l) $first"
}

# Best of RUNS: least wall, cpu and first-segment time, most memory.
best_of() {
  awk 'NR == 1 || $1 < w { w = $1 } $2 > m { m = $2 } NR == 1 || $3 < c { c = $3 }
       NR == 1 || $4 < f { f = $4 } END { print w, m, c, f }'
}

# The ladder gavel plans (transcode/src/ladder.cpp): rungs no taller than
# the source, widths from the display aspect, rounded to even.
ladder() {
  ffprobe -v error -select_streams v:0 -show_entries stream=width,height,sample_aspect_ratio,avg_frame_rate \
    -of default=nw=1 "$1" | awk -F= '
    { v[$1] = $2 }
    END {
      split(v["sample_aspect_ratio"], s, ":"); sar = (s[2] > 0 && s[1] > 0) ? s[1] / s[2] : 1
      aspect = v["width"] * sar / v["height"]
      split(v["avg_frame_rate"], r, "/"); rate = r[1] / r[2]; num = r[1]; den = r[2]
      while (rate > 30.01) { rate /= 2; den *= 2 }
      n = split("1080:3000 720:1600 480:800 360:450", rungs, " ")
      for (i = 1; i <= n; ++i) {
        split(rungs[i], hb, ":")
        if (hb[1] > v["height"] + 0.5) continue
        w = int(hb[1] * aspect / 2 + 0.5) * 2
        printf "%d %d %d %s/%s\n", w, hb[1], hb[2], num, den
      }
    }'
}

# Fills ff_args with the ffmpeg command line for input $1, run in the output dir.
ffmpeg_ladder_args() {
  local input=$1 rungs=() split="" maps=() codec=() varmap="" i=0 rate=""
  while read -r w h kbps r; do
    rungs+=("[s$i]scale=w=$w:h=$h:flags=bicubic,setsar=1,format=yuv420p[v$i]")
    split+="[s$i]"
    maps+=(-map "[v$i]")
    codec+=(-b:v:$i "${kbps}k" -maxrate:v:$i "$((kbps * 3 / 2))k" -bufsize:v:$i "$((kbps * 2))k")
    varmap+="v:$i,agroup:aud "
    rate=$r
    i=$((i + 1))
  done < <(ladder "$input")
  local graph="[0:v]bwdif=mode=send_frame:parity=auto:deint=interlaced,fps=fps=$rate,split=$i$split"
  for r in "${rungs[@]}"; do graph+=";$r"; done
  ff_args=(ffmpeg -nostdin -hide_banner -loglevel error -y -i "$input" -filter_complex "$graph"
    "${maps[@]}" -map 0:a:0
    -c:v libx264 -preset veryfast -profile:v high -level 4.1 -pix_fmt yuv420p "${codec[@]}"
    -bf 2 -g 60 -keyint_min 60 -sc_threshold 0 -flags +cgop -force_key_frames 'expr:gte(t,n_forced*2)'
    -af 'aresample=48000:async=1,aformat=channel_layouts=stereo,loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000'
    -c:a aac -b:a 128k -ac 2 -ar 48000
    -f hls -hls_time 6 -hls_playlist_type vod -hls_segment_type fmp4 -hls_flags independent_segments+temp_file
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename '%v/seg%05d.m4s'
    -master_pl_name master.m3u8 -var_stream_map "${varmap}a:0,agroup:aud" '%v/index.m3u8')
}

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

runs=${RUNS:-3}
printf '%-26s %7s %8s %8s %7s %8s %8s %7s %8s %8s %6s %9s\n' input media_s gavel_s ffmpeg_s time_x \
  gavel_cpu ffm_cpu cpu_x gavel_MB ffm_MB mem_x gavel_1st
for input in "$@"; do
  name=$(basename "$input")
  duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$input")
  ffmpeg_ladder_args "$input"
  for ((run = 1; run <= runs; ++run)); do
    # gavel wants an empty or absent folder; ffmpeg writes relative to its own.
    rm -rf "$work/gavel-$name" "$work/ffmpeg-$name"
    measure "$work/gavel-$name" "$gavel" transcode "$input" "$work/gavel-$name" >>"$work/gavel-$name.runs"
    mkdir -p "$work/ffmpeg-$name"
    (cd "$work/ffmpeg-$name" && measure "$work/ffmpeg-$name" "${ff_args[@]}") >>"$work/ffmpeg-$name.runs"
  done
  read -r g_wall g_kb g_cpu g_first < <(best_of <"$work/gavel-$name.runs")
  read -r f_wall f_kb f_cpu f_first < <(best_of <"$work/ffmpeg-$name.runs")
  printf '%-26s %7.1f %8.1f %8.1f %7s %8.1f %8.1f %7s %8d %8d %6s %9.1f\n' "$name" "$duration" "$g_wall" "$f_wall" \
    "$(ratio "$g_wall" "$f_wall")" "$g_cpu" "$f_cpu" "$(ratio "$g_cpu" "$f_cpu")" \
    $((g_kb / 1024)) $((f_kb / 1024)) "$(ratio "$g_kb" "$f_kb")" "$g_first"
  echo -e "   runs (wall_s peak_kB cpu_s all_renditions_first_segment_s):\n     gavel   $(paste -sd'|' "$work/gavel-$name.runs")"
  echo "     ffmpeg $(paste -sd'|' "$work/ffmpeg-$name.runs")"
  echo "   gavel renditions: $(cd "$work/gavel-$name" && ls -d */ | tr -d / | tr '\n' ' ')"
done
[ -z "${KEEP:-}" ] || echo "outputs kept in $work"

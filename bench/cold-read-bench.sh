#!/usr/bin/env bash
# Hot viewers beside one cold reader. 500 keep-alive viewers (wrk) fetch
# four 256 KB segments that stay in the page cache, each pausing 0-100 ms
# between requests (about 10,000 requests/s: busy, not saturated): alone,
# then while one client downloads 1 GB files that are not in the page
# cache, one after another, from the same server, and (for GAVEL_BINARY)
# from another gavel process on the machine. A cold read must not stall
# the viewers who share its io thread: their p99 with the reader on the
# same server should be no worse than with it elsewhere, which is what
# sharing the machine's cores alone costs.
# Prints, per server binary and reader, the viewers' requests/s, p50 and
# p99, the p99 over that without a reader, and the reader's throughput:
# medians of RUNS runs, which alternate servers and readers.
#   bench/cold-read-bench.sh [SECONDS_PER_RUN] [RUNS]   (default 10 s, 5 runs)
# GAVEL_BINARY           the server to measure (default build/app/gavel)
# GAVEL_BASELINE_BINARY  another build measured the same way, e.g. the commit
#                        before a change: git archive HEAD~ | tar -x -C /tmp/old,
#                        then cmake and ninja gavel there
# COLD_GB                how many 1 GB cold files (default 2)
# COLD_RATE              the cold reader's speed, curl's --limit-rate (default
#                        100M, a fast client; 0 for none: over loopback it then
#                        takes a core of copying, which on a small machine
#                        measures CPU contention rather than disk waits)
# HOT_PAUSE_MS           a viewer's mean pause between requests (default 50)
# Cold means: before each download the file's pages are dropped with
# posix_fadvise(POSIX_FADV_DONTNEED) (`dd iflag=nocache count=0`), which
# needs no root and leaves the rest of the page cache alone. The files are
# made in $TMPDIR (default /tmp), which must be a disk, not tmpfs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
runs=${2:-5}
gavel=${GAVEL_BINARY:-build/app/gavel}
baseline=${GAVEL_BASELINE_BINARY:-}
cold_files=${COLD_GB:-2}
hot_pause_ms=${HOT_PAUSE_MS:-50}
cold_rate=${COLD_RATE:-100M}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v curl >/dev/null || need+=(curl)
command -v bc >/dev/null || need+=(bc)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
for binary in "$gavel" $baseline; do
  [[ -x "$binary" ]] || { echo "no server binary at $binary (build it first: cmake --build build --target gavel)" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)"  # wrk and the server need one descriptor per connection

work=$(mktemp -d)
[[ $(stat -f -c %T "$work") != tmpfs ]] || { echo "$work is tmpfs: set TMPDIR to a directory on a disk" >&2; exit 1; }
server_pids=()
cold_pid=""
trap 'kill $cold_pid "${server_pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

# The segments both servers send: four hot ones of 256 KB (more than the
# 64 KB kept in memory, so they leave through sendfile like real segments)
# and the cold files of 1 GB each.
mkdir -p "$work/files"
for i in 1 2 3 4; do head -c $((256 * 1024)) /dev/urandom > "$work/files/hot$i.m4s"; done
(( cold_files >= 1 )) || cold_files=1
for ((i = 1; i <= cold_files; i++)); do
  dd if=/dev/urandom of="$work/files/cold$i.m4s" bs=1M count=1024 status=none
done
sync
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine -t 2 \
  -c:v libx264 -preset ultrafast -c:a aac "$work/clip.mp4"

# wrk's latency in ms from its --latency table ("50%" or "99%").
latency_ms() {
  awk -v q="$1" '$1 == q {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$2"
}

# One client downloading every cold file in turn for `2` seconds, each
# dropped from the page cache first; then writes its MB/s to cold.rate.
cold_reader() {
  local base=$1 started left got bytes=0
  started=$(date +%s%N)
  local until=$(( started + $2 * 1000000000 ))
  while :; do
    for ((i = 1; i <= cold_files; i++)); do
      left=$(( (until - $(date +%s%N)) / 1000000 ))  # ms
      (( left > 0 )) || break 2
      dd if="$work/files/cold$i.m4s" iflag=nocache count=0 status=none
      got=$(curl -s --limit-rate "$cold_rate" --max-time "$(echo "$left / 1000" | bc -l)" -o /dev/null \
        -w '%{size_download}' "$base/cold$i.m4s" || true)
      bytes=$(( bytes + ${got%.*} ))
    done
  done
  echo $(( bytes / 1048576 * 1000000000 / ($(date +%s%N) - started) )) > "$work/cold.rate"
}

# Starts server `name` from `binary` on `port`, serving the files above in a
# meeting of its own; writes its wrk script to $work/$name.lua and its
# media URL to $work/$name.base.
start_server() {
  local name=$1 binary=$2 port=$3 data="$work/data-$1"
  "$binary" ingest "$work/clip.mp4" --data "$data" --body plenary --title bench --wait >/dev/null 2>&1
  local rendition
  rendition=$(ls -d "$data"/media/1/*p | head -1)
  ln "$work"/files/*.m4s "$rendition/"  # one inode per file: the same page cache for every server
  local rel=${rendition#"$data/media/"}
  "$binary" serve --data "$data" --listen 127.0.0.1:"$port" --workers 0 --no-access-log \
    --io-threads "$(nproc)" --max-connections 20000 >"$work/$name.log" 2>&1 &
  server_pids+=($!)
  echo $! > "$work/$name.pid"
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  {
    echo 'local paths = {'
    for i in 1 2 3 4; do echo "  \"/media/$rel/hot$i.m4s\","; done
    echo '}'
    echo 'request = function() return wrk.format("GET", paths[math.random(#paths)]) end'
    echo "delay = function() return math.random(0, $((2 * hot_pause_ms))) end"
  } > "$work/$name.lua"
  echo "http://127.0.0.1:$port/media/$rel" > "$work/$name.base"
  for i in 1 2 3 4; do curl -sf "http://127.0.0.1:$port/media/$rel/hot$i.m4s" -o /dev/null; done
}

# One run of the viewers against server `name` while the cold reader reads
# from no server (`reader` none), from the same one (same), or from another
# gavel process on this machine (elsewhere: what sharing the machine's
# cores costs the viewers, with their server's io threads left alone).
# Appends "rps p50 p99 cold_MB/s io_wait%" to $work/$name-$reader.
measure() {
  local name=$1 reader=$2 base rate=0 waits=0
  base=$(cat "$work/$name.base")
  if [[ $reader != none ]]; then
    cold_reader "$(cat "$work/$([[ $reader == same ]] && echo "$name" || echo elsewhere).base")" $((seconds + 1)) &
    cold_pid=$!
    sleep 1
  fi
  io_waits "$(cat "$work/$name.pid")" "$seconds" > "$work/waits" &
  wrk -t2 -c500 -d"${seconds}s" --latency -s "$work/$name.lua" "${base%%/media/*}" > "$work/wrk.out" 2>&1
  wait $!
  waits=$(cat "$work/waits")
  if [[ $reader != none ]]; then
    wait "$cold_pid"
    cold_pid=""
    rate=$(cat "$work/cold.rate")
  fi
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out") $(latency_ms 50% "$work/wrk.out")" \
    "$(latency_ms 99% "$work/wrk.out") $rate $waits" >> "$work/$name-$reader"
}

# How often, in percent of samples taken every 10 ms for `2` seconds, one
# of server pid `1`'s io threads waits for the disk (state D): the stall
# this benchmark is about, seen without the noise of a shared machine.
# gavel starts its io threads last, one per core: its highest thread ids.
io_waits() {
  local pid=$1 tids=() n=0 d=0 line until=$((EPOCHSECONDS + $2))
  mapfile -t tids < <(ls "/proc/$pid/task" | sort -n | tail -n "$(nproc)")
  while ((EPOCHSECONDS < until)); do
    for t in "${tids[@]}"; do
      read -r line < "/proc/$pid/task/$t/stat" || continue
      line=${line##*) }
      [[ ${line:0:1} == D ]] && d=$((d + 1))
      n=$((n + 1))
    done
    read -r -t 0.01 -u 9 || true  # a 10 ms pause without starting a process
  done
  awk -v d=$d -v n=$n 'BEGIN {printf "%.1f", n ? 100 * d / n : 0}'
}
mkfifo "$work/tick"
exec 9<>"$work/tick"

# The median of column `2` of file `1`.
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

start_server gavel "$gavel" 18090
start_server elsewhere "$gavel" 18092
names=(gavel)
if [[ -n $baseline ]]; then names+=(baseline); start_server baseline "$baseline" 18091; fi
readers() { if [[ $1 == gavel ]]; then echo none same elsewhere; else echo none same; fi; }
# Rounds alternate servers and conditions, so that a burst of other work
# on the machine lands on all of them alike; the table shows medians.
for ((round = 1; round <= runs; round++)); do
  for name in "${names[@]}"; do
    for reader in $(readers "$name"); do measure "$name" "$reader"; done
  done
done

# p99_x: the viewers' median p99 over their median p99 with no cold reader;
# io_wait: the share of samples with an io thread of theirs waiting for the disk.
echo "medians of $runs runs of ${seconds} s; the cold reader $([[ $cold_rate == 0 ]] && echo unlimited || echo "at most $cold_rate/s")"
printf '%-9s %-9s | %10s %11s %11s %6s | %9s %8s\n' server reader hot_rps hot_p50 hot_p99 p99_x cold_MB/s io_wait
for name in "${names[@]}"; do
  alone=$(median "$work/$name-none" 3)
  for reader in $(readers "$name"); do
    f="$work/$name-$reader"
    ratio=-; rate=-
    if [[ $reader != none ]]; then
      ratio=$(echo "$(median "$f" 3) / $alone" | bc -l | xargs printf '%.2f')
      rate=$(median "$f" 4)
    fi
    printf '%-9s %-9s | %10.0f %9.2fms %9.2fms %6s | %9s %7s%%\n' "$name" "$reader" "$(median "$f" 1)" "$(median "$f" 2)" \
      "$(median "$f" 3)" "$ratio" "$rate" "$(median "$f" 5)"
  done
done

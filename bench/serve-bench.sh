#!/usr/bin/env bash
# Serves the same HLS files from gavel and from nginx (sendfile on, one
# worker per core) and drives both with wrk on loopback, in one run:
# a 4 MB segment and a playlist, at 64 and 1000 connections.
# Prints gavel/nginx ratios of requests per second and p99 latency, and
# gavel's memory with 1000 connections open.
#   bench/serve-bench.sh [SECONDS_PER_RUN]      (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
gavel=${GAVEL_BINARY:-build/app/gavel}

need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
if ((${#need[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
[[ -x "$gavel" ]] || { cmake -S . -B build -G Ninja -DGAVEL_BUILD_TESTS=OFF >/dev/null && cmake --build build --target gavel; }
ulimit -n "$(ulimit -Hn)"  # wrk and both servers need one descriptor per connection

work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run as www-data
trap 'kill $gavel_pid $nginx_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
data=$work/data
# A real meeting, so gavel serves it by id; then a 4 MB segment beside its own.
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine -t 2 \
  -c:v libx264 -preset ultrafast -c:a aac "$work/clip.mp4"
"$gavel" ingest "$work/clip.mp4" --data "$data" --body plenary --title bench --wait >/dev/null 2>&1
rendition=$(ls -d "$data"/media/1/*p | head -1)
head -c $((4 * 1024 * 1024)) /dev/urandom > "$rendition/bench.m4s"
playlist=$rendition/index.m3u8
rel=${rendition#"$data/media/"}

gavel_port=18080
nginx_port=18081
"$gavel" serve --data "$data" --listen 127.0.0.1:$gavel_port --workers 0 --no-access-log \
  --io-threads "$(nproc)" --max-connections 20000 ${GAVEL_BENCH_ARGS:-} >"$work/gavel.log" 2>&1 &
gavel_pid=$!
cat > "$work/nginx.conf" <<NGINX
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 8000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/vnd.apple.mpegurl m3u8; video/mp4 m4s; }
  server { listen 127.0.0.1:$nginx_port; root $data/media; }
}
NGINX
nginx -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
sleep 1
curl -sf "http://127.0.0.1:$gavel_port/media/$rel/bench.m4s" -o /dev/null
curl -sf "http://127.0.0.1:$nginx_port/$rel/bench.m4s" -o /dev/null

# wrk's summary: requests/s and the 99th percentile latency in ms.
measure() {
  wrk -t2 -c"$2" -d"${seconds}s" --latency "$1" > "$work/wrk.out" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$work/wrk.out")
  echo "${rps:-0} ${p99:-0}"  # zeros when wrk reported nothing (see its output in the work dir)
}

printf '%-10s %6s | %12s %10s | %12s %10s | %8s %8s\n' what conns gavel_rps gavel_p99 nginx_rps nginx_p99 rps_x p99_x
for target in segment playlist; do
  if [[ $target == segment ]]; then g=/media/$rel/bench.m4s; n=/$rel/bench.m4s; else g=/media/$rel/index.m3u8; n=/$rel/index.m3u8; fi
  for conns in 64 1000; do
    read -r grps gp99 < <(measure "http://127.0.0.1:$gavel_port$g" "$conns")
    if [[ $conns == 1000 && $target == segment ]]; then
      rss_1000=$(awk '/VmHWM/ {print $2}' /proc/$gavel_pid/status)
    fi
    read -r nrps np99 < <(measure "http://127.0.0.1:$nginx_port$n" "$conns")
    printf '%-10s %6s | %12.0f %8.2fms | %12.0f %8.2fms | %8.2f %8.2f\n' "$target" "$conns" "$grps" "$gp99" "$nrps" "$np99" \
      "$(echo "$grps / $nrps" | bc -l)" "$(echo "$gp99 / $np99" | bc -l)"
  done
done
echo "gavel peak RSS during the runs (VmHWM after 1000-connection segment run): $((rss_1000 / 1024)) MB"

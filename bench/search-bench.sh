#!/usr/bin/env bash
# Builds the search benchmark and runs it: a synthetic archive of 10,000
# meetings (300,000 agenda items, 200,000 speaker segments, 1,000,000
# caption cues) built through the store interfaces in a temporary
# directory, then a fixed mix of queries timed. Prints build time, database
# size against the raw text, and p50/p95/p99 latency per query and per kind
# of query.
#   bench/search-bench.sh [--reps N] [--meetings N] [--dir DIR [--keep]]
#   bench/search-bench.sh --http [--seconds S] [--meetings N] [--dir DIR]
# With --dir, an existing DIR/gavel.db is reused (queries only). The archive
# needs about 300 MB under $TMPDIR (or DIR). Build tree: $GAVEL_BENCH_BUILD,
# default build/search-bench, configured from bench/search on its own.
#
# --http: the same archive served by `gavel serve` (DIR is its data dir) and
# searched over HTTP by wrk with 1, 2 and 16 connections, S seconds each
# (default 10), while a worker process renews a job's lease and progress ten
# times a second. Prints requests/s and latency for each, and the ratios
# two/one and sixteen/two: searches that do not queue behind one another
# scale with the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GAVEL_BENCH_BUILD:-build/search-bench}
http=0
seconds=10
dir=""
args=()
while (($#)); do
  case "$1" in
    --http) http=1 ;;
    --seconds) seconds=$2; shift ;;
    --dir) dir=$2; args+=(--dir "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
cmake -S bench/search -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target search_bench
((http)) || exec "$build/search_bench" "${args[@]}"

command -v wrk >/dev/null || { echo "search-bench --http needs wrk (apt-get install wrk)" >&2; exit 1; }
cmake --build "$build" --target gavel
own=""
if [[ -z "$dir" ]]; then
  dir=$(mktemp -d)
  own=1
  trap 'rm -rf "$dir"' EXIT
  args+=(--dir "$dir")
fi
"$build/search_bench" "${args[@]}" --keep --no-queries
work=$(mktemp -d)
port_file="$work/serve.out"
"$build/gavel/app/gavel" serve --data "$dir" --listen 127.0.0.1:0 --workers 0 --no-access-log >"$port_file" 2>"$work/serve.log" &
serve_pid=$!
"$build/search_bench" --progress-writer "$dir" >"$work/writer.log" 2>&1 &
writer_pid=$!
cleanup() {
  kill "$writer_pid" "$serve_pid" 2>/dev/null || true
  wait "$writer_pid" "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
  [[ -n "$own" ]] && rm -rf "$dir"
  return 0
}
trap cleanup EXIT
for _ in $(seq 100); do
  grep -q "is serving" "$port_file" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$port_file" | head -1 || true)
[[ -n "$url" ]] || { echo "gavel serve did not start:" >&2; cat "$port_file" "$work/serve.log" >&2; exit 1; }

# The query mix of the latency benchmark, as a reporter's browser sends it.
cat >"$work/queries.lua" <<'LUA'
local queries = {
  "%EC%98%88%EC%82%B0", "%EC%A1%B0%EB%A1%80", "%EC%9D%98%EC%9E%A5", "%EA%B5%90%ED%86%B5",
  "%EC%A3%BC%EB%AF%BC%EC%B0%B8%EC%97%AC%EC%98%88%EC%82%B0", "%EC%9D%BC%EB%B6%80%EA%B0%9C%EC%A0%95%EC%A1%B0%EB%A1%80%EC%95%88",
  "2026%20%EC%98%88%EC%82%B0", "%EB%8F%84%EC%8B%9C%20%EA%B3%84%ED%9A%8D", "CCTV",
  "%EC%88%98%EC%86%8C%EC%B6%A9%EC%A0%84%EC%86%8C", "%EC%96%91%EC%9E%90%EC%BB%B4%ED%93%A8%ED%84%B0",
  "%EC%98%88%EC%82%B0&body=standing", "%EC%A1%B0%EB%A1%80&from=2025-01-01&to=2025-06-30", "%EC%98%88%EC%82%B0&page=2",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.2f %.2f %.2f\n", summary.requests, summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
LUA

# Warm the page cache and the server once.
wrk -t1 -c1 -d3s -s "$work/queries.lua" "$url" >/dev/null
printf '\nsearch over HTTP, %s s each, a worker reporting progress meanwhile\n' "$seconds"
printf '  %-12s %10s %8s %10s %10s\n' clients 'req/s' errors 'p50 ms' 'p99 ms'
declare -A rate
for clients in 1 2 16; do
  threads=$((clients < 2 ? clients : 2))
  line=$(wrk -t"$threads" -c"$clients" -d"${seconds}s" -s "$work/queries.lua" "$url" | grep '^RESULT')
  read -r _ requests errors p50 p99 rps <<<"$line"
  rate[$clients]=$rps
  printf '  %-12s %10.1f %8s %10.2f %10.2f\n' "$clients" "$rps" "$errors" "$p50" "$p99"
done
awk -v one="${rate[1]}" -v two="${rate[2]}" -v sixteen="${rate[16]}" \
  'BEGIN { printf "  two/one %.2fx (target >= 1.8), sixteen/two %.2fx (target >= 1.0)\n", two / one, sixteen / two }'
kill "$writer_pid" && wait "$writer_pid" || true
grep 'progress writer' "$work/writer.log" || true

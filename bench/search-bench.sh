#!/usr/bin/env bash
# Builds the search benchmark and runs it: a synthetic archive of 10,000
# meetings (300,000 agenda items, 200,000 speaker segments, 1,000,000
# caption cues) built through the Index API in a temporary directory, then a
# fixed mix of queries timed. Prints build time, database size against the
# raw text, and p50/p95/p99 latency per query and per kind of query.
#   bench/search-bench.sh [--reps N] [--meetings N] [--dir DIR [--keep]]
# With --dir, an existing DIR/gavel.db is reused (queries only). The archive
# needs about 300 MB under $TMPDIR (or DIR). Build tree: $GAVEL_BENCH_BUILD,
# default build/search-bench, configured from bench/search on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GAVEL_BENCH_BUILD:-build/search-bench}
cmake -S bench/search -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target search_bench
exec "$build/search_bench" "$@"

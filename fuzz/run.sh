#!/bin/sh
# Builds the libFuzzer targets with clang++ (ASan + UBSan) outside the CMake
# build and runs each for SECONDS (default 30), seeded from fuzz/corpus/.
#   fuzz/run.sh [SECONDS] [TARGET...]     targets: captions programme search tus_paths playlist rtmp
# Work files go to $GAVEL_FUZZ_DIR (default /tmp/gavel-fuzz); a crash leaves
# its input in $GAVEL_FUZZ_DIR/artifacts/ and makes this script fail.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-30}
[ $# -gt 0 ] && shift
targets=${*:-"captions programme search tus_paths playlist rtmp"}
out=${GAVEL_FUZZ_DIR:-/tmp/gavel-fuzz}
CXX=${CXX_FUZZ:-clang++}
command -v "$CXX" >/dev/null || { echo "fuzz/run.sh: $CXX not found (apt-get install clang)" >&2; exit 1; }
mkdir -p "$out/obj" "$out/artifacts"

defs="-DBOOST_JSON_DYN_LINK -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_DYN_LINK -DBOOST_CONTAINER_NO_LIB -DFMT_SHARED
  -DSPDLOG_COMPILED_LIB -DSPDLOG_FMT_EXTERNAL -DSPDLOG_SHARED_LIB"
incs="-I$root/live/include -I$root/core/include -I$root/index/include -I$root/index/src -I$root/worker/include -I$root/transcode/include
  -I$root/media/include -I$root/server/include -I$root/server/src -I$root/transcode/src"
flags="-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
libs="-lsqlite3 -lfmt -lboost_json -lspdlog -lsodium -lcrypto"

# The product sources the targets reach, instrumented for coverage.
objs=""
for src in "$root"/index/src/*.cpp "$root/worker/src/data_dir.cpp" "$root/worker/src/file_names.cpp" \
    "$root/server/src/media_files.cpp" "$root/server/src/tus_metadata.cpp" "$root/transcode/src/playlist_reader.cpp" \
    "$root"/live/src/*.cpp; do
  o="$out/obj/$(echo "$src" | sed "s|$root/||; s|/|_|g").o"
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
    echo "compiling $src"
    $CXX $flags -fsanitize=fuzzer-no-link $defs $incs -c "$src" -o "$o"
  fi
  objs="$objs $o"
done

status=0
for t in $targets; do
  echo "== $t"
  $CXX $flags -fsanitize=fuzzer $defs $incs "$here/${t}_fuzz.cpp" $objs $libs -o "$out/${t}_fuzz"
  mkdir -p "$out/corpus/$t"
  # New inputs go to the work corpus; the seeds in the repository stay as they are.
  if ! "$out/${t}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="$out/artifacts/${t}-" "$out/corpus/$t" "$here/corpus/$t" 2>"$out/$t.log"; then
    status=1
    echo "$t: CRASH, see $out/$t.log and $out/artifacts/"
    grep -m3 -E "ERROR|runtime error|abort" "$out/$t.log" || true
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$t.log" || true
done
exit $status

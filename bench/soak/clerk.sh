#!/usr/bin/env bash
# The clerk's side of bench/soak.sh, as the web app does it: log in (cookie
# plus X-CSRF-Token), create a meeting, upload FILE to it through tus 1.0.0
# in chunks (each with a sha1 Upload-Checksum) at an office line's RATE,
# then wait until the meeting is ready or failed.
#   bench/soak/clerk.sh BASE_URL USER PASSWORD FILE [RATE] [WAIT_SECONDS]
# Prints key=value lines: meeting, upload_seconds, status, ready_seconds.
set -euo pipefail
base=$1 user=$2 password=$3 file=$4 rate=${5:-4M} wait_seconds=${6:-900}
chunk=$((4 * 1024 * 1024))
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

json() { jq -r "$1"; }
b64() { printf '%s' "$1" | base64 -w0; }

csrf=$(curl -sSf -c "$jar" -H 'Content-Type: application/json' \
  -d "$(jq -nc --arg u "$user" --arg p "$password" '{username: $u, password: $p}')" \
  "$base/api/v1/session" | json .csrf_token)
clerk=(-b "$jar" -H "X-CSRF-Token: $csrf")

meeting=$(curl -sSf "${clerk[@]}" -H 'Content-Type: application/json' \
  -d '{"body":"plenary","date":"2026-11-20","title":"soak upload"}' \
  "$base/api/v1/meetings" | json .id)
echo "meeting=$meeting"

size=$(stat -c %s "$file")
started=$(date +%s.%N)
location=$(curl -sSf "${clerk[@]}" -D - -o /dev/null -X POST "$base/api/v1/uploads" \
  -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $size" \
  -H "Upload-Metadata: filename $(b64 "$(basename "$file")"),meeting $(b64 "$meeting")" |
  awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
[[ -n $location ]] || { echo "no upload location" >&2; exit 1; }

offset=0
while ((offset < size)); do
  n=$((size - offset < chunk ? size - offset : chunk))
  part=$(mktemp)
  dd if="$file" of="$part" iflag=skip_bytes,count_bytes skip="$offset" count="$n" status=none
  checksum=$(openssl dgst -sha1 -binary "$part" | base64 -w0)
  offset=$(curl -sSf "${clerk[@]}" --limit-rate "$rate" -D - -o /dev/null -X PATCH "$base$location" \
    -H 'Tus-Resumable: 1.0.0' -H "Upload-Offset: $offset" -H "Upload-Checksum: sha1 $checksum" \
    -H 'Content-Type: application/offset+octet-stream' --data-binary @"$part" |
    awk 'tolower($1) == "upload-offset:" { print $2 }' | tr -d '\r')
  rm -f "$part"
done
uploaded=$(date +%s.%N)
echo "upload_seconds=$(echo "$uploaded - $started" | bc)"

status=unknown
deadline=$(($(date +%s) + wait_seconds))
while (($(date +%s) < deadline)); do
  status=$(curl -sSf "$base/api/v1/meetings/$meeting" | json .status)
  [[ $status == ready || $status == failed ]] && break
  sleep 2
done
echo "status=$status"
[[ $status == ready ]] && echo "ready_seconds=$(echo "$(date +%s.%N) - $uploaded" | bc)"
exit 0

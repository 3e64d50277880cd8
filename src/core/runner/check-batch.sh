#!/bin/bash
# A whole re-check pass in one request, run as root over the root control channel: the job's files arrive as
# OCSS_FILE_<i>_NAME / OCSS_FILE_<i>_DATA parameters and are written straight into a fresh root-owned folder (no
# user-writable staging), verified and run by the same launcher as every job (OCSS_LAUNCH, manifest hash OCSS_HASH),
# and the results are printed like collect.sh prints them. Everything is removed afterwards.
set -u
umask 077
case "$OCSS_JOB_ID" in '' | *[!a-f0-9]*) echo 'check batch: bad job id' >&2; exit 2 ;; esac
case "$OCSS_FILE_COUNT" in '' | *[!0-9]*) echo 'check batch: bad file count' >&2; exit 2 ;; esac
base=/var/lib/openclaw-secure-setup
mkdir -p "$base/stage" && chmod 755 "$base" && chmod 700 "$base/stage" || exit 90
dir=$(mktemp -d "$base/stage/job.XXXXXX") || exit 90
trap 'rm -rf "$dir" "$base/results/$OCSS_JOB_ID"' EXIT
i=0
while [ "$i" -lt "$OCSS_FILE_COUNT" ]; do
  name="OCSS_FILE_${i}_NAME"
  data="OCSS_FILE_${i}_DATA"
  case "${!name}" in '' | */* | .*) echo 'check batch: bad file name' >&2; exit 91 ;; esac
  printf '%s\n' "${!data}" >"$dir/${!name}"
  i=$((i + 1))
done
# The server port of this SSH connection (sudo dropped SSH_CONNECTION): from the nearest ancestor that has it.
p=$$
while [ -z "${OCSS_SSH_PORT:-}" ] && [ "$p" -gt 1 ] 2>/dev/null; do
  conn=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p' | head -n1)
  if [ -n "$conn" ]; then
    port=${conn##* }
    case "$port" in *[!0-9]* | '') ;; *) export OCSS_SSH_PORT="$port" ;; esac
  fi
  p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || echo 0)
done
bash -c "$OCSS_LAUNCH" ocss-job "$dir" "$OCSS_HASH" "$OCSS_JOB_ID" >/dev/null
echo "launch $?"
res="$base/results/$OCSS_JOB_ID"
while IFS=' ' read -r n _; do
  printf 'item %s %s\n' "$n" "$(cat "$res/$n.rc" 2>/dev/null || echo none)"
  if [ -f "$res/$n.out" ]; then base64 -w0 <"$res/$n.out"; fi
  printf '\n'
done <"$dir/job.list"

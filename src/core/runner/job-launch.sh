# shellcheck shell=bash
# Root side of a job: run as `bash -c <this> ocss-job <staged-dir> <manifest-sha256> <job-id>`.
# The staged folder belongs to the login user, who may change it at any moment, so root reads it exactly once per
# file and never runs anything from it: the manifest is copied into a fresh root-owned folder and its hash checked
# against the argument (the app computed it), then only the files that verified copy names are copied, each without
# following links, without blocking on a FIFO and with a size limit, and checked against their SHA-256 in it.
# Results go to /var/lib/openclaw-secure-setup/results/<job-id>, readable by the user's group only: the .rc/.out
# of the items job.list names, nothing else.
set -u
umask 077
src=${1:-} want=${2:-} id=${3:-}
case "$id" in '' | *[!a-f0-9]*) echo 'job launcher: bad job id' >&2; exit 90 ;; esac
[[ "$want" =~ ^[0-9a-f]{64}$ ]] || { echo 'job launcher: bad manifest hash' >&2; exit 90; }
owner_gid=$(stat -c %g -- "$src") || exit 90
base=/var/lib/openclaw-secure-setup
mkdir -p "$base/run" && chmod 755 "$base" && chmod 700 "$base/run" || exit 90
work=$(mktemp -d "$base/run/job.XXXXXX") || exit 90
trap 'rm -rf "$work"' EXIT
# Every job file arrives as one parameter of at most 96 KiB (MAX_PARAM_BYTES in stdin-protocol.ts), plus a newline.
max=131072
changed() {
  echo "job launcher: $1." >&2
  echo 'The job files changed after the app staged them; nothing was run. Run the action again from the app.' >&2
  exit 91
}
# Copies one staged file into $work: O_NOFOLLOW (a symlink fails), O_NONBLOCK (a FIFO cannot make root wait), at most
# $max + 1 bytes, into a new file (conv=excl: a name listed twice fails), and bounded in time whatever the file is.
fetch() {
  timeout 20 dd if="$src/$1" of="$work/$1" iflag=nofollow,nonblock,fullblock oflag=nofollow conv=excl bs=$((max + 1)) count=1 status=none 2>/dev/null ||
    changed "$1 is not a regular file, or could not be read"
  # The source as it is now: anything but a regular file is refused, whatever was read (the hash decides the rest).
  if [ -L "$src/$1" ] || [ ! -f "$src/$1" ] || [ -L "$work/$1" ] || [ ! -f "$work/$1" ]; then changed "$1 is not a regular file"; fi
  [ "$(stat -c %s -- "$work/$1")" -le "$max" ] || changed "$1 is larger than $max bytes"
}
fetch manifest
[ "$(sha256sum <"$work/manifest" | cut -d' ' -f1)" = "$want" ] || changed 'the manifest does not match the one the app made'
# Only the verified copy is read from here on.
while IFS= read -r line || [ -n "$line" ]; do
  [[ "$line" =~ ^[0-9a-f]{64}\ \ ([A-Za-z0-9_][A-Za-z0-9._-]*)$ ]] || changed 'bad manifest line'
  name=${BASH_REMATCH[1]}
  [ "$name" != manifest ] || changed 'the manifest names itself'
  fetch "$name"
done <"$work/manifest"
(cd "$work" && sha256sum --quiet --strict -c manifest >/dev/null 2>&1) || changed 'a file does not match its SHA-256 in the manifest'
bash "$work/run.sh"
rc=$?
mkdir -p "$base/results" && chmod 711 "$base/results"
find "$base/results" -mindepth 1 -maxdepth 1 -mmin +60 -exec rm -rf {} + 2>/dev/null
out="$base/results/$id"
rm -rf "$out" && mkdir -m 750 "$out" && chgrp "$owner_gid" "$out" || exit 92
while IFS=' ' read -r n _ || [ -n "$n" ]; do
  case "$n" in '' | *[!0-9]*) continue ;; esac
  for f in "$work/$n.rc" "$work/$n.out"; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then install -m 640 -o root -g "$owner_gid" "$f" "$out/"; fi
  done
done <"$work/job.list"
exit "$rc"

# Root side of a job: run as `bash -c <this> ocss-job <staged-dir> <manifest-sha256> <job-id>`.
# The staged folder belongs to the login user, so nothing is run from it: the files are copied into a fresh
# root-owned folder and checked against the SHA-256 manifest the app computed (its hash comes as an argument).
# Results go to /var/lib/openclaw-secure-setup/results/<job-id>, readable by the user's group only.
set -u
umask 077
src=${1:-} want=${2:-} id=${3:-}
case "$id" in '' | *[!a-f0-9]*) echo 'job launcher: bad job id' >&2; exit 90 ;; esac
case "$want" in '' | *[!a-f0-9]*) echo 'job launcher: bad manifest hash' >&2; exit 90 ;; esac
owner_gid=$(stat -c %g "$src") || exit 90
base=/var/lib/openclaw-secure-setup
mkdir -p "$base/run" && chmod 755 "$base" && chmod 700 "$base/run" || exit 90
work=$(mktemp -d "$base/run/job.XXXXXX") || exit 90
trap 'rm -rf "$work"' EXIT
while IFS='  ' read -r _ name; do
  case "$name" in '' | */* | .*) echo 'job launcher: bad manifest' >&2; exit 91 ;; esac
  if [ -L "$src/$name" ] || [ ! -f "$src/$name" ]; then echo "job launcher: $name is not a regular file" >&2; exit 91; fi
  cp -- "$src/$name" "$work/$name" || exit 91
done <"$src/manifest"
cp -- "$src/manifest" "$work/manifest" || exit 91
if [ "$(sha256sum <"$work/manifest" | cut -d' ' -f1)" != "$want" ] || ! (cd "$work" && sha256sum --quiet --strict -c manifest >/dev/null 2>&1); then
  echo 'The job files changed after the app staged them; nothing was run.' >&2
  exit 91
fi
bash "$work/run.sh"
rc=$?
mkdir -p "$base/results" && chmod 711 "$base/results"
find "$base/results" -mindepth 1 -maxdepth 1 -mmin +60 -exec rm -rf {} + 2>/dev/null
out="$base/results/$id"
rm -rf "$out" && mkdir -m 750 "$out" && chgrp "$owner_gid" "$out" || exit 92
for f in "$work"/*.rc "$work"/*.out; do
  [ -f "$f" ] && install -m 640 -o root -g "$owner_gid" "$f" "$out/"
done
exit "$rc"

#!/bin/bash
# OpenClaw Secure Setup: the check launcher. Installed by the step sudo-check-launcher as
# /usr/local/libexec/openclaw-secure-setup/check-launcher (root:root 755); a sudoers drop-in lets the admin account run
# it, and nothing else, as root without a password. It runs only check scripts whose SHA-256 is listed in the
# root-owned allowlist /etc/openclaw-secure-setup/check-allowlist (this app version's read-only checks), so the rule
# is not passwordless root in disguise.
#   check-launcher --probe                   prints "ocss-check-launcher 1"
#   check-launcher --run [NAME=BASE64 ...]    reads ONE check script from stdin (at most 256 KiB), hashes it, refuses it
#                                             unless it is listed, runs it with bash --noprofile --norc in a clean
#                                             environment, and prints "rc <exit code>" and the base64 of its output.
# Parameters: only SSH_PORT (a port number), CHECK_ALLOWLIST (lines "<sha256>  <step-id>"), OC_USER (a user name) and
# IN_<NAME> (a step's non-secret input, one line without control characters), all validated.
set -u
umask 077
export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin
allow_dir=/etc/openclaw-secure-setup
allowlist=$allow_dir/check-allowlist
max=262144
die() {
  printf 'check launcher: %s\n' "$2" >&2
  exit "$1"
}
[ "$(id -u)" = 0 ] || die 2 'run it as root, through sudo'
case "${1:-}" in
  --probe)
    [ "$#" = 1 ] || die 2 'usage: check-launcher --probe'
    echo 'ocss-check-launcher 1'
    exit 0 ;;
  --run) shift ;;
  *) die 2 'usage: check-launcher --probe | --run [NAME=BASE64 ...] <check-script' ;;
esac
# The allowlist counts only if nobody but root can change it.
for p in "$allow_dir" "$allowlist"; do
  if [ -L "$p" ] || [ ! -e "$p" ]; then die 4 "$p is missing or a symbolic link; apply the step again"; fi
  [ "$(stat -c %u "$p")" = 0 ] || die 4 "$p is not owned by root"
  case "$(stat -c %A "$p")" in ?????w???? | ????????w?) die 4 "$p is writable by group or others" ;; esac
done
env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C)
if [ -n "${SUDO_USER:-}" ]; then
  [[ "$SUDO_USER" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die 2 'unusual SUDO_USER'
  env+=("SUDO_USER=$SUDO_USER")
fi
for a in "$@"; do
  name=${a%%=*} b64=${a#*=}
  [ "$name" != "$a" ] || die 2 "bad parameter (want NAME=BASE64)"
  [ "${#b64}" -le 65536 ] || die 2 "parameter $name is too long"
  [[ "$b64" =~ ^[A-Za-z0-9+/]*={0,2}$ ]] || die 2 "parameter $name is not base64"
  value=$(printf '%s' "$b64" | base64 -d 2>/dev/null) || die 2 "parameter $name is not base64"
  case "$name" in
    SSH_PORT)
      if ! [[ "$value" =~ ^[1-9][0-9]{0,4}$ ]] || [ "$value" -gt 65535 ]; then die 2 'SSH_PORT must be a port number'; fi ;;
    CHECK_ALLOWLIST)
      ! grep -Evq '^[0-9a-f]{64}  [a-z][a-z0-9-]{1,47}$' <<<"$value" || die 2 'CHECK_ALLOWLIST has a line that is not "<sha256>  <step-id>"' ;;
    OC_USER)
      [[ "$value" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die 2 'OC_USER must be a user name' ;;
    IN_*)
      [[ "$name" =~ ^IN_[A-Z][A-Z0-9_]{0,39}$ ]] || die 2 "bad input name $name"
      [[ "$value" != *[[:cntrl:]]* ]] || die 2 "input $name must be one line without control characters" ;;
    *) die 2 "unknown parameter $name" ;;
  esac
  env+=("OCSS_$name=$value")
done
work=$(mktemp -d /run/ocss-check.XXXXXX) || die 5 'no private folder under /run'
trap 'rm -rf "$work"' EXIT
head -c $((max + 1)) >"$work/check.sh"
[ "$(stat -c %s "$work/check.sh")" -le "$max" ] || die 2 'the script is larger than 256 KiB'
hash=$(sha256sum <"$work/check.sh" | cut -d' ' -f1)
awk -v h="$hash" '$1 == h { found = 1 } END { exit !found }' "$allowlist" ||
  die 3 "refused: a script with SHA-256 $hash is not in $allowlist (only this app version's checks run here)"
env -i "${env[@]}" timeout 600 /bin/bash --noprofile --norc "$work/check.sh" </dev/null >"$work/out" 2>&1
rc=$?
printf 'rc %s\n' "$rc"
base64 -w0 <"$work/out"
echo

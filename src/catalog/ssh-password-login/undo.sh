#!/bin/bash
# Undo for the password-login step: removes exactly the drop-in apply wrote (or puts back the file that was there
# before), validates with `sshd -t` and reloads sshd. Open sessions stay connected. When the drop-in was edited after
# the apply, the difference is shown and only the step's own lines go: the lines added since stay in the file.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
step=ssh-password-login
dropin=/etc/ssh/sshd_config.d/00-openclaw-secure-setup.conf
backup=/var/lib/openclaw-secure-setup/backup/$step
# @include sshd-reload.sh

if [ ! -d "$backup" ]; then
  say 'Nothing to undo: this tool has not changed the SSH server on this machine.'
  exit 0
fi
mkdir -p /run/sshd
kept=no
if [ -f "$backup/applied" ] && [ -f "$dropin" ] && ! cmp -s "$backup/applied" "$dropin"; then
  say "$dropin changed since the apply:"
  diff -u --label 'as the step left it' --label 'now' "$backup/applied" "$dropin" || true
  rest=$(grep -vxF -f "$backup/applied" "$dropin" || true)
  if grep -v '^[[:space:]]*#' <<<"$rest" | grep '[^[:space:]]' >/dev/null; then
    say "Removing only the step's own lines from $dropin; the lines added since stay"
    printf '%s\n' "$rest" >"$dropin"
    kept=yes
    if [ "$(cat "$backup/had-dropin")" = present ]; then
      say 'The file that was there before the step is not put back over your lines; it read:'
      cat "$backup/dropin"
    fi
  fi
fi
if [ "$kept" = yes ]; then :
elif [ "$(cat "$backup/had-dropin")" = present ]; then
  say "Putting back the $dropin that was there before"
  cp -a "$backup/dropin" "$dropin"
else
  say "Removing $dropin"
  rm -f "$dropin"
fi
if ! err=$(sshd -t 2>&1); then
  echo "sshd rejects the restored configuration: $err" >&2
  echo 'Nothing was reloaded; fix the file sshd names above, then run Undo again.' >&2
  exit 5
fi
say 'Reloading the SSH server (open sessions stay connected)'
ocss_reload_sshd
rm -rf "$backup"
sshd -T | grep -E '^(passwordauthentication|kbdinteractiveauthentication) '

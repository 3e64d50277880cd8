#!/bin/bash
# SSH: turn password login off (key login only) with a drop-in that wins, guarded against lock-out.
# sshd uses the FIRST value it reads for a setting, and Debian/Ubuntu include /etc/ssh/sshd_config.d/*.conf at the top
# of sshd_config (cloud-init's 50-cloud-init.conf sets "PasswordAuthentication yes"), so the drop-in is named to sort
# first. The new config is validated with `sshd -t` before sshd is reloaded.
# Lock-out guard: after the reload a detached watchdog waits for proof of a FRESH key-only login (the app opens a new
# BatchMode connection with its key when it sees the line OCSS-AWAIT-KEY-PROOF, and writes this job's nonce to
# ~/.cache/openclaw-secure-setup/key-proof). Without that proof within the time limit (default 60 s) the watchdog
# restores the previous configuration and reloads sshd by itself, even if this session is gone.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
step=ssh-password-login
dropin=/etc/ssh/sshd_config.d/00-openclaw-secure-setup.conf
backup=/var/lib/openclaw-secure-setup/backup/$step
guard=/var/lib/openclaw-secure-setup/guard/$step
# @include sshd-reload.sh

nonce=${OCSS_KEY_PROOF_NONCE:-}
case "$nonce" in
  '' | *[!a-f0-9]*)
    echo 'Refusing to turn password login off: this step needs OpenClaw Secure Setup to prove a fresh key login while it runs.' >&2
    echo 'Run it from the app (SSH target, Key login done first); it is not run from the command line.' >&2
    exit 3 ;;
esac
wait_s=${OCSS_PROOF_WAIT_SECONDS:-60}
case "$wait_s" in '' | *[!0-9]*) wait_s=60 ;; esac
[ "$wait_s" -ge 3 ] && [ "$wait_s" -le 600 ] || wait_s=60

if ! command -v sshd >/dev/null 2>&1; then
  echo 'No OpenSSH server (sshd) is installed on this machine; there is no password login to turn off.' >&2
  exit 3
fi
mkdir -p /run/sshd
[ -d /etc/ssh/sshd_config.d ] || mkdir -m 755 /etc/ssh/sshd_config.d

# No early exit from the readers (awk without exit, grep without -q): with pipefail a SIGPIPE to sshd would count as failure.
effective() { { sshd -T 2>/dev/null || true; } | awk -v k="$1" '$1 == k { v = $2 } END { print v }'; }
want="# Written by OpenClaw Secure Setup (step $step). Undo removes this file.
# sshd uses the first value it reads; this file sorts first in sshd_config.d.
PasswordAuthentication no
KbdInteractiveAuthentication no"
if { sshd -T 2>/dev/null || true; } | grep '^challengeresponseauthentication ' >/dev/null; then
  want="$want
ChallengeResponseAuthentication no"
fi

if [ -f "$dropin" ] && [ "$(cat "$dropin")" = "$want" ] && [ "$(effective passwordauthentication)" = no ] && [ "$(effective kbdinteractiveauthentication)" = no ]; then
  say "Password login is already off ($dropin); nothing to change"
  exit 0
fi

if [ ! -d "$backup" ]; then
  say "Saving the current state to $backup (Undo restores it)"
  rm -rf "$backup.tmp"
  install -d -m 700 "$(dirname "$backup")" "$backup.tmp"
  if [ -e "$dropin" ]; then cp -a "$dropin" "$backup.tmp/dropin"; echo present >"$backup.tmp/had-dropin"; else echo absent >"$backup.tmp/had-dropin"; fi
  mv "$backup.tmp" "$backup"
else
  say "Earlier state already saved in $backup; keeping it"
fi

# The state right before this run, for the watchdog's rollback.
rm -rf "$guard"
install -d -m 700 "$guard"
if [ -e "$dropin" ]; then cp -a "$dropin" "$guard/prev-dropin"; fi
restore_previous() {
  if [ -e "$guard/prev-dropin" ]; then cp -a "$guard/prev-dropin" "$dropin"; else rm -f "$dropin"; fi
}

say "Writing $dropin"
printf '%s\n' "$want" >"$dropin.tmp"
chmod 644 "$dropin.tmp"
mv -f "$dropin.tmp" "$dropin"
if ! err=$(sshd -t 2>&1); then
  restore_previous
  echo "sshd rejected the new configuration, so it was removed again and nothing was reloaded: $err" >&2
  exit 5
fi
pa=$(effective passwordauthentication) ki=$(effective kbdinteractiveauthentication)
if [ "$pa" != no ] || [ "$ki" != no ]; then
  restore_previous
  echo "The drop-in did not take effect (sshd -T: passwordauthentication $pa, kbdinteractiveauthentication $ki); it was removed again." >&2
  echo 'Check that /etc/ssh/sshd_config includes /etc/ssh/sshd_config.d/*.conf BEFORE its own settings (Debian 12 and Ubuntu 22.04+ do).' >&2
  exit 5
fi

# The watchdog is a script of its own, started in a new session (or a transient systemd unit) so that a lost SSH
# connection (SIGHUP), a cancelled job or a closed app cannot stop it.
user=${SUDO_USER:-root}
home=$(getent passwd "$user" | cut -d: -f6)
uid=$(id -u "$user")
{
  echo '#!/bin/bash'
  declare -f ocss_reload_sshd
  cat <<'GUARD'
# ocss guard: $1 guard dir, $2 drop-in, $3 nonce, $4 seconds, $5 proof file, $6 uid of the login user
trap '' HUP INT TERM PIPE
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
g=$1 dropin=$2 nonce=$3 wait_s=$4 proof=$5 uid=$6
proven() {
  [ -f "$proof" ] && [ ! -L "$proof" ] && [ "$(stat -c %u "$proof" 2>/dev/null)" = "$uid" ] &&
    [ "$(head -c 100 "$proof" 2>/dev/null)" = "$nonce" ]
}
end=$((SECONDS + wait_s))
while [ "$SECONDS" -lt "$end" ] && [ ! -e "$g/abort" ]; do
  if proven; then echo confirmed >"$g/result"; exit 0; fi
  sleep 0.5
done
if proven; then echo confirmed >"$g/result"; exit 0; fi
if [ -e "$g/prev-dropin" ]; then cp -a "$g/prev-dropin" "$dropin"; else rm -f "$dropin"; fi
mkdir -p /run/sshd
if sshd -t && ocss_reload_sshd; then echo rolled-back >"$g/result"; else echo rollback-failed >"$g/result"; fi
GUARD
} >"$guard/guard.sh"
guard_args=("$guard" "$dropin" "$nonce" "$wait_s" "$home/.cache/openclaw-secure-setup/key-proof" "$uid")

say 'Reloading the SSH server (open sessions stay connected)'
if ! ocss_reload_sshd; then
  restore_previous
  echo 'The SSH server could not be reloaded; the drop-in was removed again.' >&2
  exit 5
fi
if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1; then
  systemd-run --quiet --collect --unit="ocss-ssh-guard-$$-$RANDOM" /bin/bash "$guard/guard.sh" "${guard_args[@]}"
else
  setsid /bin/bash "$guard/guard.sh" "${guard_args[@]}" </dev/null >>"$guard/log" 2>&1 &
fi

say "Password login is off for new connections. Waiting up to $wait_s s for a fresh key login before this session ends;"
say 'without it, the previous configuration comes back by itself.'
echo 'OCSS-AWAIT-KEY-PROOF'
end=$((SECONDS + wait_s + 30))
while [ ! -s "$guard/result" ] && [ "$SECONDS" -lt "$end" ]; do
  # The app types "rollback" here when its fresh key login failed, so nobody waits for the time limit.
  if IFS= read -r -t 1 line; then
    case "$line" in *rollback*) : >"$guard/abort" ;; esac
  elif [ "$?" -le 128 ]; then
    sleep 1
  fi
done
result=$(cat "$guard/result" 2>/dev/null || echo none)
case "$result" in
  confirmed)
    rm -rf "$guard"
    # The file as this step left it: undo compares with it, so that lines added by hand later are kept.
    install -m 600 "$dropin" "$backup/applied"
    say 'A fresh key-only login succeeded: password login stays off.'
    sshd -T | grep -E '^(passwordauthentication|kbdinteractiveauthentication) '
    ;;
  rolled-back)
    echo 'ROLLED BACK: no fresh key login arrived, so the previous SSH configuration was restored and sshd reloaded.' >&2
    echo 'Password login works as before. Make sure key login works (Key login panel), then run this step again.' >&2
    exit 4
    ;;
  *)
    # The watchdog did not finish (it could not start, or hangs): restore here.
    : >"$guard/abort"
    restore_previous
    if sshd -t && ocss_reload_sshd; then
      echo 'ROLLED BACK: the watchdog did not report, so the previous SSH configuration was restored and sshd reloaded.' >&2
      exit 4
    fi
    echo "ROLLBACK FAILED ($result): restore $dropin by hand from the console and reload sshd." >&2
    exit 6
    ;;
esac

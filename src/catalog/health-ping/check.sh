#!/bin/bash
# Check for "Health monitoring". Runs as root and reads the machine: the account's timer (the system's systemctl,
# run as the account: is-enabled, is-active) and its unit files compared byte for byte with this app's; the job script
# (root-owned, not writable by the account, the same bytes as this app's); the ping URL file (600, the account's) whose
# URL's SHA-256 is compared here with the one the app keeps (OCSS_IN_PING_URL_SHA256): only "match" or "mismatch" and
# the host are printed, never the URL; and the job's last-run status file. Sections for evaluate.ts.
# shellcheck disable=SC2154 # hp_* and OCSS_HP_* are set by health-ping-units.sh, written in at its include line
export LC_ALL=C PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# @include openclaw.sh
# @include health-ping-units.sh
echo '### hp-account'
user=$(ocss_oc_user 2>/dev/null) || { echo invalid; exit 0; }
uid=$(ocss_oc_uid 2>/dev/null) || { echo "missing $user"; exit 0; }
ocss_hp_paths 2>/dev/null || { echo "missing $user"; exit 0; }
echo "user $user"
echo "pid1 $(cat /proc/1/comm 2>/dev/null || echo unknown)"
if [ -S "/run/user/$uid/bus" ]; then echo 'bus yes'; else echo 'bus no'; fi
echo '### hp-timer'
if [ -S "/run/user/$uid/bus" ]; then
  echo "enabled $(_ocss_oc_user_systemctl is-enabled ocss-health-ping.timer 2>/dev/null | head -n 1 || true)"
  echo "active $(_ocss_oc_user_systemctl is-active ocss-health-ping.timer 2>/dev/null | head -n 1 || true)"
fi
same() { if [ -L "$1" ]; then echo symlink; elif [ ! -e "$1" ]; then echo missing; elif cmp -s "$1" <(printf '%s\n' "$2"); then echo same; else echo differs; fi; }
echo "service $(same "$hp_unit_dir/ocss-health-ping.service" "$OCSS_HP_SERVICE")"
echo "timer $(same "$hp_unit_dir/ocss-health-ping.timer" "$OCSS_HP_TIMER")"
echo '### hp-script'
echo "bytes $(same "$OCSS_HP_BIN" "$OCSS_HP_JOB")"
for p in "$OCSS_HP_BIN" /usr/local/lib/openclaw-secure-setup; do
  [ -e "$p" ] && echo "mode $(stat -c '%a %U %G' "$p") $p"
done
echo '### hp-url'
if [ -L "$hp_url" ]; then echo 'file symlink'
elif [ ! -f "$hp_url" ]; then echo 'file missing'
else
  echo "file $(stat -c '%a %U' "$hp_url")"
  u=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$hp_url" | head -n 1)
  if [ -z "$u" ]; then echo 'url none'
  else
    host=${u#https://}; host=${host%%[/?#]*}; host=${host##*@}
    if [[ "$u" == https://* ]] && [[ "$host" =~ ^[A-Za-z0-9.:-]{1,253}$ ]]; then echo "host $host"; else echo 'host not-https'; fi
    kept=${OCSS_IN_PING_URL_SHA256:-}
    if ! [[ "$kept" =~ ^[0-9a-f]{64}$ ]]; then echo 'hash no-kept-hash'
    elif [ "$(printf '%s' "$u" | sha256sum | cut -c1-64)" = "$kept" ]; then echo 'hash match'
    else echo 'hash mismatch'; fi
  fi
  unset u
fi
echo '### hp-status'
echo "now $(date +%s)"
if [ -f "$hp_status" ] && [ ! -L "$hp_status" ]; then grep -E '^(time [0-9]+|health (ok|fail)|http [0-9-]+|curl [0-9a-z-]+)$' "$hp_status" | head -n 4
else echo 'none'; fi

#!/bin/bash
# OpenClaw health ping, installed root-owned by OpenClaw Secure Setup (step "health-ping") and run as the OpenClaw
# account by its systemd user timer ocss-health-ping.timer every 5 minutes (and by "Send a test ping now"): runs
# OpenClaw's own health check and, only when it passes, pings the monitor whose URL is in the account's 600 file
# ~/.config/openclaw-secure-setup/health-ping.curl (read by curl -K, never on a command line). Writes its last run
# (time, health ok/fail, HTTP code, curl's exit code; never the URL) to ~/.local/state/openclaw-secure-setup/health-ping.status.
set -u
export LC_ALL=C
umask 077
me=$(id -un)
home=$(getent passwd "$me" | cut -d: -f6)
[ -n "$home" ] || home=${HOME:-/}
export HOME=$home
export PATH="$home/.local/bin:$home/.local/share/openclaw-secure-setup/node/current/bin:$home/.npm-global/bin:/usr/local/bin:/usr/bin:/bin"
conf=$home/.config/openclaw-secure-setup/health-ping.curl
state=$home/.local/state/openclaw-secure-setup
mkdir -p "$state"
health=fail http=- rc=-
if timeout 60 openclaw health --json --timeout 2000 >/dev/null 2>&1; then health=ok; fi
if [ "$health" = ok ]; then
  if [ -f "$conf" ] && [ ! -L "$conf" ]; then
    # curl's messages go nowhere: the journal must not hold anything about the address.
    http=$(/usr/bin/curl -fsS -m 10 --retry 3 -o /dev/null -w '%{http_code}' -K "$conf" 2>/dev/null)
    rc=$?
    [ -n "$http" ] || http=000
  else
    rc=no-url-file
  fi
fi
tmp=$(mktemp "$state/.health-ping.status.XXXXXX") || exit 1
printf 'time %s\nhealth %s\nhttp %s\ncurl %s\n' "$(date +%s)" "$health" "$http" "$rc" >"$tmp"
mv -f "$tmp" "$state/health-ping.status"
[ "$health" = ok ] && [ "$rc" = 0 ]

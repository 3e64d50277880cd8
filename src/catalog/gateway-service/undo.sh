#!/bin/bash
# Undo of "Gateway service": `openclaw gateway uninstall` as the account (stops and disables the unit and removes its
# file), only when this step installed it; linger goes off again only when this step turned it on.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# @include openclaw.sh
unit=openclaw-gateway.service
backup=/var/lib/openclaw-secure-setup/backup/gateway-service
[ -d "$backup" ] || { say 'Nothing to undo: this step was never applied here'; exit 0; }
user=$(cat "$backup/user")
export OCSS_OC_USER=$user
home=$(ocss_oc_home); uid=$(ocss_oc_uid)
unit_file="$home/.config/systemd/user/$unit"
if [ "$(cat "$backup/unit-before")" = absent ] && [ -e "$unit_file" ]; then
  if [ -S "/run/user/$uid/bus" ]; then
    say "Removing the gateway service of $user (openclaw gateway uninstall)"
    ocss_oc gateway uninstall --json || {
      say 'openclaw gateway uninstall failed; stopping and disabling the unit and removing its file instead'
      ocss_user_systemctl "$user" disable --now "$unit" || true
      _ocss_oc_as -- rm -f -- "$unit_file"
      ocss_user_systemctl "$user" daemon-reload || true
    }
  else
    say "$user's user manager is not running: removing the unit file only"
    _ocss_oc_as -- rm -f -- "$unit_file"
  fi
else
  say 'The unit file was there before this step (or is gone already): leaving it'
fi
if [ "$(cat "$backup/linger-before")" = off ] && [ -e "/var/lib/systemd/linger/$user" ]; then
  say "Turning linger off again for $user (it was off before this step)"
  loginctl disable-linger "$user"
else
  say 'Linger stays as it was before this step'
fi
rm -rf "$backup"

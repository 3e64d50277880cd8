#!/bin/bash
# systemd in WSL: [boot] systemd=true in /etc/wsl.conf. Every other line stays as it is; the original file (or its
# absence) and the key's original line are saved once for undo. The app restarts the distribution afterwards
# (wsl.exe --terminate), since WSL reads wsl.conf only when the distribution starts.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
conf=/etc/wsl.conf
backup=/var/lib/openclaw-secure-setup/backup/wsl-systemd
# @include wsl-conf.sh

if [ -d "$backup" ]; then say "Earlier state already saved in $backup; keeping it"
else say "Saving the current $conf to $backup (Undo restores it)"; ocss_conf_backup "$backup" "$conf" boot.systemd; fi

if [ "$(ocss_ini_get boot systemd "$conf" 2>/dev/null | tr '[:upper:]' '[:lower:]')" = true ]; then
  say "systemd is already enabled in $conf"
else
  say "Setting [boot] systemd=true in $conf"
  ocss_ini_set boot systemd true "$conf"
fi
ocss_conf_applied "$backup" "$conf" boot.systemd
say 'The distribution restarts now (wsl.exe --terminate) so that systemd starts as PID 1'
cat "$conf"

#!/bin/bash
# Locked-down wsl.conf: [interop] enabled=false, [interop] appendWindowsPath=false, [automount] enabled=false.
# Every other line of /etc/wsl.conf stays as it is; the original file and each key's original line are saved once
# for undo. The app restarts the distribution afterwards (WSL reads wsl.conf only at start).
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
conf=/etc/wsl.conf
backup=/var/lib/openclaw-secure-setup/backup/wsl-conf-lockdown
keys=(interop.enabled interop.appendWindowsPath automount.enabled)
# @include wsl-conf.sh

if [ -d "$backup" ]; then say "Earlier state already saved in $backup; keeping it"
else say "Saving the current $conf to $backup (Undo restores it)"; ocss_conf_backup "$backup" "$conf" "${keys[@]}"; fi

for item in "${keys[@]}"; do
  sec=${item%%.*} key=${item#*.}
  if [ "$(ocss_ini_get "$sec" "$key" "$conf" 2>/dev/null | tr '[:upper:]' '[:lower:]')" = false ]; then
    say "[$sec] $key is already false"
  else
    say "Setting [$sec] $key=false"
    ocss_ini_set "$sec" "$key" false "$conf"
  fi
done
ocss_conf_applied "$backup" "$conf" "${keys[@]}"
say 'The distribution restarts now (wsl.exe --terminate) so that the settings take effect'
cat "$conf"

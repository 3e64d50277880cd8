#!/bin/bash
# Undo of "systemd in WSL": /etc/wsl.conf as it was before (byte-for-byte when nothing else changed it since;
# otherwise only [boot] systemd gets its original line back). The app restarts the distribution afterwards.
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
conf=/etc/wsl.conf
backup=/var/lib/openclaw-secure-setup/backup/wsl-systemd
# @include wsl-conf.sh

if [ ! -d "$backup" ]; then say 'Nothing to undo: this step was never applied here'; exit 0; fi
say "Restoring [boot] systemd in $conf from $backup"
ocss_conf_undo "$backup" "$conf" boot.systemd
rm -rf "$backup"
if [ -f "$conf" ]; then cat "$conf"; else say "$conf did not exist before; removed"; fi

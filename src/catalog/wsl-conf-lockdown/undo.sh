#!/bin/bash
# Undo of the locked-down wsl.conf: the previous values come back exactly (the whole file byte-for-byte when nothing
# else changed it since; otherwise each key's original line, or no line where there was none).
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
conf=/etc/wsl.conf
backup=/var/lib/openclaw-secure-setup/backup/wsl-conf-lockdown
# @include wsl-conf.sh

if [ ! -d "$backup" ]; then say 'Nothing to undo: this step was never applied here'; exit 0; fi
say "Restoring [interop] enabled, [interop] appendWindowsPath and [automount] enabled in $conf from $backup"
ocss_conf_undo "$backup" "$conf" interop.enabled interop.appendWindowsPath automount.enabled
rm -rf "$backup"
if [ -f "$conf" ]; then cat "$conf"; else say "$conf did not exist before; removed"; fi

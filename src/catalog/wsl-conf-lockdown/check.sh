#!/bin/bash
# Check for the locked-down wsl.conf. Runs as root; read-only. Prints sections for evaluate() in step.ts.
export LC_ALL=C
# @include wsl-conf.sh
for item in interop.enabled interop.appendWindowsPath automount.enabled; do
  echo "### $(printf '%s' "$item" | tr '[:upper:].' '[:lower:]-')"
  ocss_ini_get "${item%%.*}" "${item#*.}" /etc/wsl.conf 2>/dev/null || echo unset
done
# What is in effect now: the Windows interop handler and the automounted drives.
echo '### live-interop'
if [ -e /proc/sys/fs/binfmt_misc/WSLInterop ] || [ -e /proc/sys/fs/binfmt_misc/WSLInterop-late ]; then echo registered; else echo absent; fi
echo '### live-automount'
awk '$2 ~ /^\/mnt\/[a-z]$/ { print $2; n++ } END { if (!n) print "none" }' /proc/mounts

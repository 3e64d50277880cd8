#!/bin/bash
# Undo for the UFW step: restores /etc/ufw, /etc/default/ufw and the active/inactive state saved by apply.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
backup=/var/lib/openclaw-secure-setup/backup/ufw-firewall

if [ ! -d "$backup" ]; then
  say 'Nothing to undo: this tool has no saved firewall state on this machine.'
  exit 0
fi
was=$(cat "$backup/was")
say 'Disabling ufw while the saved configuration is restored'
ufw --force disable
rm -rf /etc/ufw.ocss-undo
mv /etc/ufw /etc/ufw.ocss-undo
cp -a "$backup/etc-ufw" /etc/ufw
cp -a "$backup/default-ufw" /etc/default/ufw
rm -rf /etc/ufw.ocss-undo
if [ "$was" = active ]; then
  say 'The firewall was active before; enabling it again with the earlier rules'
  ufw --force enable
else
  say 'The firewall was inactive before; leaving it inactive'
fi
rm -rf "$backup"
ufw status verbose

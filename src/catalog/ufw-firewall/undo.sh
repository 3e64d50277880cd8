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
had_chains=$(cat "$backup/had-chains" 2>/dev/null || echo yes)

# Removes only ufw's own chains and the jumps to them; other rules (Docker, libvirt, …) are left alone.
remove_ufw_chains() {
  local cmd rule chain
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null 2>&1 || continue
    "$cmd" -S 2>/dev/null | awk '/^-A (INPUT|OUTPUT|FORWARD) .*-j ufw6?-/ { sub(/^-A/, "-D"); print }' | while read -r rule; do
      # shellcheck disable=SC2086 # rule is iptables' own output, split into words on purpose
      "$cmd" $rule
    done
    for chain in $("$cmd" -S 2>/dev/null | awk '/^-N ufw6?-/ { print $2 }'); do "$cmd" -F "$chain"; done
    for chain in $("$cmd" -S 2>/dev/null | awk '/^-N ufw6?-/ { print $2 }'); do "$cmd" -X "$chain"; done
  done
}
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
  if [ "$had_chains" = no ]; then
    say 'Removing the iptables chains ufw created (there were none before)'
    remove_ufw_chains
  fi
fi
rm -rf "$backup"
ufw status verbose

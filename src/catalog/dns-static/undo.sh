#!/bin/bash
# shellcheck disable=SC2154 # the ocss_dns_* places come from lib/dns.sh, written in by step.ts
# Undo of DNS pinning: the immutable flag comes off, the earlier /etc/resolv.conf comes back exactly (a symlink with its
# target string, or the file with its mode, owner and flags), the resolved drop-in goes (or its earlier text comes
# back), and on WSL [network] generateResolvConf gets its earlier line back in /etc/wsl.conf.
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# @include dns-servers.sh
# @include dns.sh
# @include wsl-conf.sh

undo=$ocss_dns_undo
if [ ! -d "$undo" ]; then say 'Nothing to undo: this step was never applied here'; exit 0; fi
mode=$(cat "$undo/mode")

if [ "$mode" = resolved ]; then
  if [ -f "$undo/dropin.original" ]; then say "Restoring the earlier $ocss_dns_dropin"; cp -a "$undo/dropin.original" "$ocss_dns_dropin"
  else say "Removing $ocss_dns_dropin"; rm -f "$ocss_dns_dropin"; fi
  if [ -f "$undo/dropin-dir.absent" ]; then rmdir "$(dirname "$ocss_dns_dropin")" 2>/dev/null || true; fi
  systemctl restart systemd-resolved
else
  if [ -f "$ocss_dns_resolv" ] && [ ! -L "$ocss_dns_resolv" ]; then
    say "chattr -i $ocss_dns_resolv"
    chattr -i "$ocss_dns_resolv"
  fi
  if [ -e "$undo/resolv.original" ] || [ -L "$undo/resolv.original" ]; then
    rm -f "$ocss_dns_resolv"
    cp -a "$undo/resolv.original" "$ocss_dns_resolv"
    if [ -L "$ocss_dns_resolv" ]; then say "Restored the symlink $ocss_dns_resolv -> $(readlink "$ocss_dns_resolv")"
    else say "Restored the earlier $ocss_dns_resolv"; fi
    if [ -f "$undo/resolv.immutable" ]; then chattr +i "$ocss_dns_resolv"; fi
  else
    say "$ocss_dns_resolv did not exist before; removing it"
    rm -f "$ocss_dns_resolv"
  fi
fi

if [ "$mode" = wsl ] && [ -d "$undo/wsl-conf" ]; then
  say 'Restoring [network] generateResolvConf in /etc/wsl.conf'
  ocss_conf_undo "$undo/wsl-conf" /etc/wsl.conf network.generateResolvConf
  say 'The distribution restarts now (wsl.exe --terminate) so that WSL writes its resolv.conf again'
fi
rm -rf "$undo"
rmdir "$(dirname "$undo")" 2>/dev/null || true

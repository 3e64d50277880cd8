#!/bin/bash
# shellcheck disable=SC2154 # the ocss_dns_* places come from lib/dns.sh, written in by step.ts
# DNS pinning (layer 7): the machine resolves names only through the chosen name servers.
# WSL, or a machine with a plain resolv.conf: /etc/resolv.conf becomes a static file with exactly those servers, made
# immutable (chattr +i); on WSL, [network] generateResolvConf=false in /etc/wsl.conf (the app then restarts the
# distribution). systemd-resolved: a drop-in with DNS= and Domains=~. (the global servers answer every name).
# What undo needs is kept once, root-only, in /var/lib/openclaw-secure-setup/undo/dns-static; applying again with the
# same choice changes nothing.
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'dns-static: %s\n' "$*" >&2; exit 1; }
# @include dns-servers.sh
# @include dns.sh
# @include wsl-conf.sh

list=$(ocss_dns_servers) || exit 1
read -r -a servers <<<"$list"
[ "${#servers[@]}" -gt 0 ] || exit 1
mode=$(ocss_dns_mode --recorded-first)
undo=$ocss_dns_undo
say "Name servers: ${servers[*]} (${OCSS_IN_SERVERS:-$ocss_dns_default_choice}); this machine: $mode"

if [ ! -d "$undo" ]; then
  say "Saving what Undo needs in $undo"
  rm -rf "$undo.tmp"
  install -d -m 700 "$(dirname "$undo")" "$undo.tmp"
  echo "$mode" >"$undo.tmp/mode"
  if [ "$mode" = resolved ]; then
    if [ -e "$ocss_dns_dropin" ]; then cp -a "$ocss_dns_dropin" "$undo.tmp/dropin.original"; else : >"$undo.tmp/dropin.absent"; fi
    [ -d "$(dirname "$ocss_dns_dropin")" ] || : >"$undo.tmp/dropin-dir.absent"
  elif [ -e "$ocss_dns_resolv" ] || [ -L "$ocss_dns_resolv" ]; then
    cp -a "$ocss_dns_resolv" "$undo.tmp/resolv.original"   # a symlink stays a symlink, with its target string
    if ocss_dns_immutable "$ocss_dns_resolv"; then : >"$undo.tmp/resolv.immutable"; fi
  else : >"$undo.tmp/resolv.absent"; fi
  mv "$undo.tmp" "$undo"
else say "Earlier state already saved in $undo; keeping it"; fi

if [ "$mode" = wsl ]; then
  conf=/etc/wsl.conf
  ocss_conf_backup "$undo/wsl-conf" "$conf" network.generateResolvConf
  if [ "$(ocss_ini_get network generateResolvConf "$conf" 2>/dev/null | tr '[:upper:]' '[:lower:]')" = false ]; then
    say '[network] generateResolvConf is already false'
  else
    say "Setting [network] generateResolvConf=false in $conf (WSL stops rewriting /etc/resolv.conf on start)"
    ocss_ini_set network generateResolvConf false "$conf"
  fi
  ocss_conf_applied "$undo/wsl-conf" "$conf" network.generateResolvConf
fi

if [ "$mode" = resolved ]; then
  want=$(ocss_dns_dropin_text "${servers[@]}")
  if [ -f "$ocss_dns_dropin" ] && [ "$(cat "$ocss_dns_dropin")" = "$want" ]; then
    say "$ocss_dns_dropin already names ${servers[*]}; unchanged"
  else
    say "Writing $ocss_dns_dropin and restarting systemd-resolved"
    install -d -m 755 "$(dirname "$ocss_dns_dropin")"
    printf '%s\n' "$want" >"$ocss_dns_dropin.tmp"
    chmod 644 "$ocss_dns_dropin.tmp"
    mv -f "$ocss_dns_dropin.tmp" "$ocss_dns_dropin"
    systemctl restart systemd-resolved
  fi
  resolvectl dns || true
  resolvectl domain || true
  exit 0
fi

want=$(ocss_dns_file_text "${servers[@]}")
if [ -f "$ocss_dns_resolv" ] && [ ! -L "$ocss_dns_resolv" ] && [ "$(cat "$ocss_dns_resolv")" = "$want" ] && ocss_dns_immutable "$ocss_dns_resolv"; then
  say "$ocss_dns_resolv already holds exactly ${servers[*]} and is immutable; unchanged"
else
  if [ -L "$ocss_dns_resolv" ]; then say "$ocss_dns_resolv is a symlink to $(readlink "$ocss_dns_resolv"); replacing it with a static file"; fi
  if [ -f "$ocss_dns_resolv" ] && [ ! -L "$ocss_dns_resolv" ]; then chattr -i "$ocss_dns_resolv" 2>/dev/null || true; fi
  printf '%s\n' "$want" >/etc/.resolv.conf.ocss-new
  chmod 644 /etc/.resolv.conf.ocss-new
  mv -f /etc/.resolv.conf.ocss-new "$ocss_dns_resolv"
  say "Protecting $ocss_dns_resolv with chattr +i"
  chattr +i "$ocss_dns_resolv" || die "chattr +i $ocss_dns_resolv failed: this filesystem keeps no immutable flag. The file holds the servers but is not protected; undo the step, or protect it by other means."
fi
lsattr -d "$ocss_dns_resolv"
cat "$ocss_dns_resolv"
if [ "$mode" = wsl ]; then say 'The distribution restarts now (wsl.exe --terminate) so that WSL reads wsl.conf again'; fi

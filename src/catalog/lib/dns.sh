# shellcheck shell=bash
# Helpers of the DNS pinning step (layer 7), written into its scripts by step.ts (not sourced). The choice's addresses
# come from ocss_dns_choice_servers, generated from src/catalog/dns-static/servers.ts and written in before this file.
# The places the step uses, read by the scripts that include this file (each uses some of them).
# shellcheck disable=SC2034
ocss_dns_undo=/var/lib/openclaw-secure-setup/undo/dns-static ocss_dns_resolv=/etc/resolv.conf \
  ocss_dns_dropin=/etc/systemd/resolved.conf.d/60-openclaw-secure-setup-dns.conf ocss_dns_test_name=example.com

# ocss_dns_target_kind: "wsl" inside a WSL distribution (wsl.exe sets WSL_DISTRO_NAME; the test stand-in too), else "ssh".
ocss_dns_target_kind() {
  if [ -n "${WSL_DISTRO_NAME:-}" ] || [ -n "${OCSS_WSL_STANDIN_DISTRO:-}" ] || grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then
    echo wsl
  else echo ssh; fi
}

# ocss_dns_mode: how this machine resolves and so how the step pins it: "wsl" (a static /etc/resolv.conf and
# generateResolvConf=false), "resolved" (systemd-resolved runs and /etc/resolv.conf points at it: a drop-in), or "file"
# (a plain resolv.conf: the static file as on WSL). Apply passes --recorded-first: the mode of the first apply (its undo
# record) wins; the check passes --machine and reads only the machine.
ocss_dns_mode() {
  if [ "${1:-}" = --recorded-first ] && [ -f "$ocss_dns_undo/mode" ]; then cat "$ocss_dns_undo/mode"; return 0; fi
  if [ "$(ocss_dns_target_kind)" = wsl ]; then echo wsl; return 0; fi
  local link
  link=$(readlink "$ocss_dns_resolv" 2>/dev/null) || link=''
  if case "$link" in */run/systemd/resolve/*) true ;; *) false ;; esac && systemctl is-active --quiet systemd-resolved 2>/dev/null && command -v resolvectl >/dev/null; then
    echo resolved
  else echo file; fi
}

# ocss_dns_servers: the chosen addresses (one line, space-separated) from OCSS_IN_SERVERS / OCSS_IN_ROUTER_IP, checked
# again here; a clear message and status 1 when the choice is unusable.
ocss_dns_servers() {
  local choice=${OCSS_IN_SERVERS:-$ocss_dns_default_choice}
  if ! ocss_dns_choice_servers "$choice" "${OCSS_IN_ROUTER_IP:-}"; then
    case "$choice" in
      router) echo "The router choice needs the router's IPv4 address (such as 192.168.1.1); got '${OCSS_IN_ROUTER_IP:-}'. Enter it in the step's form." >&2 ;;
      *) echo "Unknown name-server choice '$choice': choose router, quad9, cloudflare or google." >&2 ;;
    esac
    return 1
  fi
}

# ocss_dns_file_text ADDRESS...: the static resolv.conf.
ocss_dns_file_text() {
  echo '# Written by OpenClaw Secure Setup (step dns-static): fixed name servers, protected with chattr +i.'
  echo '# Undo the step in the app to get the previous file back.'
  local a
  for a in "$@"; do echo "nameserver $a"; done
}

# ocss_dns_dropin_text ADDRESS...: the systemd-resolved drop-in (global servers for every name, no fallback).
ocss_dns_dropin_text() {
  echo '# Written by OpenClaw Secure Setup (step dns-static). Undo the step in the app to remove it.'
  echo '[Resolve]'
  echo "DNS=$*"
  echo 'Domains=~.'
  echo 'FallbackDNS='
}

# ocss_dns_immutable FILE: status 0 when lsattr shows the i flag on the regular file FILE.
ocss_dns_immutable() {
  [ -f "$1" ] && [ ! -L "$1" ] || return 1
  lsattr -d "$1" 2>/dev/null | awk '{ exit ($1 ~ /i/) ? 0 : 1 }'
}

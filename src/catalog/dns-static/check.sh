#!/bin/bash
# shellcheck disable=SC2154 # the ocss_dns_* places come from lib/dns.sh, written in by step.ts
# Check of DNS pinning. Runs as root; read-only. Prints sections for evaluate.ts: the choice, how this machine
# resolves, wsl.conf's generateResolvConf (WSL), /etc/resolv.conf (type, nameserver lines, lsattr) or what
# resolvectl shows (systemd-resolved), and a real lookup of example.com through the resolver library's DNS only
# (getent -s dns: libc-bin, on every Ubuntu; /etc/hosts is not consulted).
export LC_ALL=C
# @include dns-servers.sh
# @include dns.sh
# @include wsl-conf.sh

echo '### kind'
ocss_dns_target_kind
echo '### chosen'
if s=$(ocss_dns_servers 2>&1); then echo "${OCSS_IN_SERVERS:-$ocss_dns_default_choice} $s"; else echo "invalid $s"; fi
mode=$(ocss_dns_mode --machine)
echo '### mode'
echo "$mode"
if [ "$mode" = wsl ]; then
  echo '### wsl-generateresolvconf'
  ocss_ini_get network generateResolvConf /etc/wsl.conf 2>/dev/null || echo unset
fi
echo '### resolv-type'
if [ -L "$ocss_dns_resolv" ]; then echo "symlink $(readlink "$ocss_dns_resolv")"
elif [ -f "$ocss_dns_resolv" ]; then echo file
elif [ -e "$ocss_dns_resolv" ]; then echo other
else echo absent; fi
echo '### resolv-nameservers'
grep -E '^[[:space:]]*nameserver[[:space:]]' "$ocss_dns_resolv" 2>/dev/null | awk '{ print $2 }'
if [ "$mode" = resolved ]; then
  echo '### resolvectl-dns'
  resolvectl dns 2>&1
  echo '### resolvectl-domain'
  resolvectl domain 2>&1
else
  echo '### resolv-attrs'
  if [ -f "$ocss_dns_resolv" ] && [ ! -L "$ocss_dns_resolv" ]; then lsattr -d "$ocss_dns_resolv" 2>&1 | awk '{ print $1 }'; else echo 'not a regular file'; fi
fi
echo '### lookup'
out=$(timeout 20 env RES_OPTIONS='timeout:3 attempts:1' getent -s dns ahostsv4 "$ocss_dns_test_name" 2>&1); rc=$?
if [ $rc -eq 0 ]; then printf '%s\n' "$out" | awk -v n="$ocss_dns_test_name" 'NR == 1 { print "ok " n " " $1 }'
else echo "failed $ocss_dns_test_name exit $rc${out:+ $out}"; fi

#!/bin/bash
# shellcheck disable=SC2154 # the ocss_nft_* places come from nft.sh, written in by step.ts
# Check for nftables-rules. Runs as root; changes nothing on the machine. Prints sections for evaluate.ts: the live
# table as nft's JSON, the name servers the machine uses, its default gateway, and what loads the table at boot, that
# source loaded into a new, empty network namespace (so its behaviour is judged, not its text).
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include nft.sh
if ! command -v nft >/dev/null 2>&1; then
  echo '### nft-missing'
  exit 0
fi
echo '### nft-version'
nft --version 2>&1 | head -n1
echo '### resolvers'
ocss_nft_resolvers || echo none
echo '### lan-gateway'
ip -4 route show default 2>/dev/null | awk '$1 == "default" && $2 == "via" { print $3; exit }'
echo '### live'
ocss_nft_list_json
# At boot: the app's unit and file, else the system's nftables.service with /etc/nftables.conf (the guide's way).
src=''
if [ "$(systemctl is-enabled "$ocss_nft_unit" 2>/dev/null)" = enabled ] && [ -f "$ocss_nft_file" ]; then
  src=$ocss_nft_file
  echo '### boot-source'
  echo "$ocss_nft_unit enabled, loading $ocss_nft_file"
elif [ "$(systemctl is-enabled nftables.service 2>/dev/null)" = enabled ] && [ -f /etc/nftables.conf ]; then
  src=/etc/nftables.conf
  echo '### boot-source'
  echo 'nftables.service enabled, loading /etc/nftables.conf'
else
  echo '### boot-source'
  echo none
fi
if [ -n "$src" ]; then
  echo '### boot'
  # shellcheck disable=SC2016 # the inner sh's own $1
  unshare --net -- sh -c 'nft -f "$1" && nft -j list table inet oc_sandbox' sh "$src" 2>&1 || echo absent
fi
echo '### flush-ruleset'
flushing=''
for f in /etc/nftables.conf "$ocss_nft_file"; do
  [ -f "$f" ] && grep -qE '^[[:space:]]*flush[[:space:]]+ruleset' "$f" && flushing="$flushing$f"$'\n'
done
printf '%s' "${flushing:-none$'\n'}"

#!/bin/bash
# shellcheck disable=SC2154 # the ocss_nft_* places come from nft.sh, written in by step.ts
# Apply for nftables-rules: the native-npm guide's sandbox table (inet oc_sandbox) with this machine's own name servers,
# in the app's own file, checked with `nft -c` before it is loaded, loaded by the app's own unit, enabled for boot.
# Only that table is replaced; the ruleset is never flushed (Docker's NAT and UFW's rules stay as they are).
# @include prelude.sh
# @include nft.sh
command -v nft >/dev/null || { echo 'nftables is not installed (no nft command). Install it with "sudo apt install nftables", then apply again.' >&2; exit 1; }
servers=$(ocss_nft_resolvers) || { echo 'This machine names no name server a sandbox could use (only a local stub, or none in /etc/resolv.conf). Apply "DNS pinning" first, then this step.' >&2; exit 1; }
say "Name servers this machine uses; sandboxes may send DNS only to them: $servers"
# shellcheck disable=SC2086 # one address per word
text=$(ocss_nft_table_text $servers)
unit=$(ocss_nft_unit_text)
# What the file loads, and what is loaded now (nft's own listing of each, without handles).
# shellcheck disable=SC2016 # the inner sh's own $1
as_loaded() { unshare --net -- sh -c 'nft -f "$1" && nft list table inet oc_sandbox' sh "$1" 2>/dev/null; }
live=$(nft list table inet oc_sandbox 2>/dev/null) || live=''
if [ -f "$ocss_nft_file" ] && [ "$(cat "$ocss_nft_file")" = "$text" ] && [ -f "$ocss_nft_unit_file" ] && [ "$(cat "$ocss_nft_unit_file")" = "$unit" ] &&
  [ "$(systemctl is-enabled "$ocss_nft_unit" 2>/dev/null)" = enabled ] && [ -n "$live" ] && [ "$live" = "$(as_loaded "$ocss_nft_file")" ]; then
  say "Table inet oc_sandbox, $ocss_nft_file and $ocss_nft_unit are in place and loaded; unchanged"
  exit 0
fi
# The undo record, on the first apply only: a table of the same name made by hand, and any file or unit of ours.
if [ ! -d "$ocss_nft_undo" ]; then
  mkdir -p "$ocss_nft_undo" && chmod 700 "$ocss_nft_undo"
  if [ -n "$live" ]; then printf '%s\n' "$live" >"$ocss_nft_undo/table.before"; say "Keeping the table inet oc_sandbox loaded now, for undo"; fi
  [ -f "$ocss_nft_file" ] && cp -p -- "$ocss_nft_file" "$ocss_nft_undo/file.before"
  [ -f "$ocss_nft_unit_file" ] && cp -p -- "$ocss_nft_unit_file" "$ocss_nft_undo/unit.before"
  : >"$ocss_nft_undo/recorded"
fi
mkdir -p "${ocss_nft_file%/*}" && chmod 755 "${ocss_nft_file%/*}"
tmp=$(mktemp "$ocss_nft_file.XXXXXX")
printf '%s\n' "$text" >"$tmp" && chmod 644 "$tmp"
say "Checking the rules: nft -c -f $ocss_nft_file"
if ! nft -c -f "$tmp"; then rm -f -- "$tmp"; echo 'nft refused the rules; nothing was loaded or changed.' >&2; exit 1; fi
mv -f -- "$tmp" "$ocss_nft_file"
tmp=$(mktemp "$ocss_nft_unit_file.XXXXXX")
printf '%s\n' "$unit" >"$tmp" && chmod 644 "$tmp" && mv -f -- "$tmp" "$ocss_nft_unit_file"
say "Loading it with $ocss_nft_unit (replaces table inet oc_sandbox only) and enabling it for boot"
systemctl daemon-reload
systemctl enable --quiet "$ocss_nft_unit"
systemctl restart "$ocss_nft_unit" || { systemctl status --no-pager "$ocss_nft_unit" >&2 || true; echo "$ocss_nft_unit failed to load the table; see above. Undo this step to remove the file and the unit." >&2; exit 1; }
nft list table inet oc_sandbox >/dev/null || { echo 'The table is not loaded after the unit ran.' >&2; exit 1; }
say 'Loaded. Docker'"'"'s own rules (NAT) and UFW'"'"'s were not touched'

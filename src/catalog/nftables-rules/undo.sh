#!/bin/bash
# shellcheck disable=SC2154 # the ocss_nft_* places come from nft.sh, written in by step.ts
# Undo for nftables-rules: removes exactly what apply added (the table inet oc_sandbox, the app's file and unit) and
# puts back a table of that name that was loaded before the first apply. Nothing else of the ruleset is touched.
# @include prelude.sh
# @include nft.sh
if [ ! -d "$ocss_nft_undo" ] && [ ! -f "$ocss_nft_file" ] && [ ! -f "$ocss_nft_unit_file" ]; then
  say 'Nothing to undo: this step has not been applied here'
  exit 0
fi
if [ -f "$ocss_nft_unit_file" ]; then
  say "Disabling and removing $ocss_nft_unit"
  systemctl disable --quiet --now "$ocss_nft_unit" 2>/dev/null || true
  rm -f -- "$ocss_nft_unit_file"
fi
[ -f "$ocss_nft_undo/unit.before" ] && cp -p -- "$ocss_nft_undo/unit.before" "$ocss_nft_unit_file"
systemctl daemon-reload
rm -f -- "$ocss_nft_file"
[ -f "$ocss_nft_undo/file.before" ] && cp -p -- "$ocss_nft_undo/file.before" "$ocss_nft_file"
rmdir --ignore-fail-on-non-empty -- "${ocss_nft_file%/*}" 2>/dev/null || true
if command -v nft >/dev/null && nft list table inet oc_sandbox >/dev/null 2>&1; then
  say 'Removing table inet oc_sandbox (nft delete table; the rest of the ruleset stays)'
  nft delete table inet oc_sandbox
fi
if [ -f "$ocss_nft_undo/table.before" ]; then
  say 'Loading the table inet oc_sandbox that was there before'
  nft -f "$ocss_nft_undo/table.before"
fi
rm -rf -- "$ocss_nft_undo"
say 'Undone'

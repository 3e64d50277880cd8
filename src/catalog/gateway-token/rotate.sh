#!/bin/bash
# Rotate the gateway token (the native guide's incident response): a new 64-character token from the kernel's CSPRNG
# replaces GATEWAY_TOKEN in the secret store, gateway.auth.token is made a store SecretRef to it if it was not, and
# the gateway restarts so that the old token stops working at once. Every paired client needs the new token.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
{ [ -f "$home/.openclaw/openclaw.json" ] && [ ! -L "$home/.openclaw/openclaw.json" ]; } ||
  die "$home/.openclaw/openclaw.json is missing or not a regular file. Apply \"OpenClaw onboarding\" first; nothing was rotated."
shape=$(ocss_oc_token_shape) || die "$home/.openclaw/openclaw.json could not be read as JSON5 (run \"openclaw config validate\" as $user); nothing was rotated."
tok=$(printf '%s\n' "$shape" | sed -n 's/^token //p')
mode=$(printf '%s\n' "$shape" | sed -n 's/^mode //p')
say 'Making a new 64-character token and storing it as GATEWAY_TOKEN (the old one is overwritten)'
token=$(ocss_new_token)
[ "${#token}" -eq 64 ] || die "The token generator gave ${#token} characters instead of 64; nothing was changed."
printf '%s' "$token" | ocss_oc_secret_set GATEWAY_TOKEN
unset token
if [ "$tok" != 'ref store default GATEWAY_TOKEN' ] || [ "$mode" != token ]; then
  say 'Pointing gateway.auth.token at the store entry GATEWAY_TOKEN (config patch --stdin)'
  ref='{gateway:{auth:{mode:"token",token:{source:"store",provider:"default",id:"GATEWAY_TOKEN"}}}}'
  printf '%s' "$ref" | ocss_oc config patch --stdin --dry-run --json >/dev/null
  printf '%s' "$ref" | ocss_oc config patch --stdin
fi
if ocss_oc_gateway_active; then
  ocss_oc_restart_gateway 'Restarting the gateway: the old token stops working now'
else
  say 'The gateway service is not running; it uses the new token when it starts'
fi
ocss_oc_audit
say 'Rotated. Clients that connect to the gateway (the Control UI, paired devices) need the new token: run "openclaw dashboard" as the account to open the UI with it.'

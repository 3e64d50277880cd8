#!/bin/bash
# Gateway token (layer 4): gateway.auth.mode token, and gateway.auth.token a store SecretRef to a secret of at least 64
# characters. A plaintext token in openclaw.json is moved into the secret store (never echoed: the account's node reads
# it from the file and pipes it to the store); an env ref, a missing or a short token gets a new 64-character token
# from the kernel's CSPRNG. A machine already in that state is left alone (no write, no new .bak).
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
{ [ -f "$home/.openclaw/openclaw.json" ] && [ ! -L "$home/.openclaw/openclaw.json" ]; } ||
  die "$home/.openclaw/openclaw.json is missing or not a regular file. Apply \"OpenClaw onboarding\" first."
shape=$(ocss_oc_token_shape) || die "$home/.openclaw/openclaw.json could not be read as JSON5 (run \"openclaw config validate\" as $user)."
mode=$(printf '%s\n' "$shape" | sed -n 's/^mode //p')
tok=$(printf '%s\n' "$shape" | sed -n 's/^token //p')
ref_store='{source:"store",provider:"default",id:"GATEWAY_TOKEN"}'
patch() {
  printf '%s' "$1" | ocss_oc config patch --stdin --dry-run --json >/dev/null
  printf '%s' "$1" | ocss_oc config patch --stdin
  ocss_oc config validate --json >/dev/null && echo 'config validate: valid'
}

case "$tok" in
  "ref store "*)
    id=${tok##* }
    len=$(ocss_oc_secret_length "$id")
    if [ "$mode" = token ] && [ "${len:-0}" -ge 64 ]; then
      say "Token auth is on and gateway.auth.token points at the secret store entry $id ($len characters): changing nothing"
      exit 0
    fi
    ;;
esac

if [[ "$tok" == plaintext* ]] && [ "${tok#plaintext }" -ge 64 ]; then
  say "openclaw.json holds the gateway token in plain text (${tok#plaintext } characters): moving it into the secret store as GATEWAY_TOKEN"
  # As the account: its node reads the value from the file and writes it to the store's stdin; nothing prints it.
  ocss_oc_token_plain | ocss_oc_secret_set GATEWAY_TOKEN
else
  case "$tok" in
    plaintext*) say "The plaintext token in openclaw.json has only ${tok#plaintext } characters: replacing it with a new 64-character token in the secret store" ;;
    "ref env "*) say "gateway.auth.token reads an environment variable (${tok##* }), which root cannot check and the service may not have: storing a new 64-character token in the secret store instead" ;;
    unset) say 'No gateway token is set: storing a new 64-character token in the secret store' ;;
    *) say "gateway.auth.token is \"$tok\" (${len:-no} stored characters): storing a new 64-character token in the secret store" ;;
  esac
  token=$(ocss_new_token)
  [ "${#token}" -eq 64 ] || die "The token generator gave ${#token} characters instead of 64; nothing was changed."
  printf '%s' "$token" | ocss_oc_secret_set GATEWAY_TOKEN
  unset token
fi
[ "$(ocss_oc_secret_length GATEWAY_TOKEN)" -ge 64 ] || die 'The secret store has no usable GATEWAY_TOKEN after the write; openclaw.json was not changed.'
if [ "$mode" = token ] && [ "$tok" = 'ref store default GATEWAY_TOKEN' ]; then
  say 'openclaw.json already has token auth and the store reference: not writing it'
else
  say 'Setting gateway.auth.mode token and gateway.auth.token to the store entry GATEWAY_TOKEN (config patch --stdin)'
  patch "{gateway:{auth:{mode:\"token\",token:$ref_store}}}"
fi
if ocss_oc_gateway_active; then ocss_oc_restart_gateway 'Restarting the gateway so that it uses the token'; fi
ocss_oc_audit
say 'Token auth on; the token is in the secret store and openclaw.json holds only a reference to it'

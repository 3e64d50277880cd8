#!/bin/bash
# OpenClaw onboarding, non-interactive, as the OpenClaw account: local mode, gateway on loopback, token auth. The app
# makes the token (64 characters from the kernel's CSPRNG), puts it into OpenClaw's secret store from stdin, hands it
# to onboarding in the environment (read from stdin by a clean bash run as the account: never in an argument list),
# then points gateway.auth.token at the store. openclaw.json never holds the token in plain text, not even for a moment.
# An account that is already onboarded (openclaw.json exists) is left exactly as it is.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
conf="$home/.openclaw/openclaw.json"
if [ -e "$conf" ] || [ -L "$conf" ]; then
  say "OpenClaw is already onboarded for $user ($conf exists): changing nothing"
  exit 0
fi
ver=$(ocss_oc --version 2>/dev/null) || die "OpenClaw does not run as $user (\"openclaw --version\" failed). Apply the \"Install OpenClaw\" step first, then run this step again."
say "Onboarding OpenClaw ($ver) for $user in $home"

say 'Making a 64-character gateway token from the kernel'"'"'s random source and storing it as GATEWAY_TOKEN (secret store, --kind secret)'
token=$(ocss_new_token)
[ "${#token}" -eq 64 ] || die "The token generator gave ${#token} characters instead of 64; nothing was changed."
printf '%s' "$token" | ocss_oc_secret_set GATEWAY_TOKEN || die 'Storing the token in OpenClaw'"'"'s secret store failed (see above); nothing else was changed.'

# From here on a failure leaves a config that onboarding wrote: move it aside so that the next Apply starts clean.
cleanup_failed() {
  if [ -e "$conf" ]; then
    _ocss_oc_as -- mv -- "$conf" "$conf.ocss-failed-$(date -u +%Y%m%dT%H%M%SZ)" || true
    echo "Moved the half-written $conf aside (.ocss-failed-…); Apply again to retry." >&2
  fi
}
trap cleanup_failed ERR

say 'Running openclaw onboard --non-interactive (about 5 s; the token reaches it in the environment, from stdin)'
start=$SECONDS
# shellcheck disable=SC2016 # expanded by the account's bash, not here
out=$(printf '%s\n' "$token" | _ocss_oc_as -- bash -c 'IFS= read -r OPENCLAW_GATEWAY_TOKEN; export OPENCLAW_GATEWAY_TOKEN
  exec openclaw onboard --non-interactive --accept-risk --mode local --auth-choice skip --gateway-bind loopback \
    --gateway-auth token --gateway-token-ref-env OPENCLAW_GATEWAY_TOKEN --secret-input-mode ref --skip-health \
    --no-install-daemon --skip-channels --skip-skills --skip-search --skip-ui --json') \
  || { printf '%s\n' "$out"; cleanup_failed; trap - ERR; die 'openclaw onboard failed (its message is above).'; }
unset token
printf '%s\n' "$out"
echo "onboarding took $((SECONDS - start)) s"

say 'Pointing gateway.auth.token at the secret store entry GATEWAY_TOKEN (config patch --stdin: dry run, write, validate)'
ref='{gateway:{auth:{token:{source:"store",provider:"default",id:"GATEWAY_TOKEN"}}}}'
printf '%s' "$ref" | ocss_oc config patch --stdin --dry-run --json >/dev/null
printf '%s' "$ref" | ocss_oc config patch --stdin
ocss_oc config validate --json
trap - ERR
ocss_oc_audit
say "Onboarded. tools.profile is \"full\" as onboarding writes it; the tool policy step narrows it."

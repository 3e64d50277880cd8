#!/bin/bash
# Find my Telegram id: OpenClaw 2026.9.6 has no `telegram get-chat-id`; it shows a sender's numeric id in its pairing
# requests. So this turns Telegram on in pairing mode (the bot token from the secret store, asked for when missing),
# then waits while you send your bot any message, and prints the numeric id of each pending request from
# `openclaw pairing list telegram --json`. Nobody is approved. The settings go into this step's undo record: Apply
# replaces pairing by your allowlist, Undo puts everything back.
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include secret.sh
# @include bot-token.sh

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
{ [ -f "$home/.openclaw/openclaw.json" ] && [ ! -L "$home/.openclaw/openclaw.json" ]; } || die "$home/.openclaw/openclaw.json is missing. Apply \"OpenClaw onboarding\" first. Nothing was changed."
_ocss_oc_require
wait_s=${OCSS_FIND_ID_SECONDS:-300}
[[ "$wait_s" =~ ^[0-9]{1,4}$ ]] || wait_s=300

ocss_tg_ensure_token

say 'Turning Telegram on in pairing mode (unknown senders get a pairing code; nobody is approved)'
ocss_oc_patch channel-allowlist <<'OCSS_PATCH'
{"channels":{"telegram":{"enabled":true,"botToken":{"source":"store","provider":"default","id":"TELEGRAM_BOT_TOKEN"},"dmPolicy":"pairing","groupPolicy":"allowlist"}}}
OCSS_PATCH
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then ocss_oc_restart_gateway 'Restarting the gateway so that it starts the Telegram bot'; fi
if ! ocss_oc_gateway_active; then say "The gateway service is not running as a service here; if no gateway runs for $user, start it (openclaw gateway run) so that the bot answers"; fi

say "Now send your bot any message from your own Telegram account (waiting up to $wait_s s)"
start=$SECONDS
while :; do
  out=$(ocss_oc pairing list telegram --json 2>/dev/null || true)
  ids=$(printf '%s' "$out" | /usr/bin/python3 -I -c 'import json, re, sys
t = sys.stdin.read()
try:
    d = json.loads(t[t.index("{"):t.rindex("}") + 1])
except Exception:
    sys.exit(0)
for r in d.get("requests", []):
    i = str(r.get("id", ""))
    if re.fullmatch(r"[1-9][0-9]{0,19}", i):
        name = str((r.get("meta") or {}).get("firstName") or "")
        name = re.sub(r"[^\w .-]", "", name)[:40]
        print(i + (" (" + name + ")" if name else ""))')
  if [ -n "$ids" ]; then
    say 'Telegram users who wrote to your bot (pending pairing requests, none approved):'
    while IFS= read -r line; do printf '  Telegram user id: %s\n' "$line"; done <<<"$ids"
    say 'Enter your own id in this step'"'"'s "Your numeric Telegram user id(s)" field, then Apply: only that id may write to the agent.'
    exit 0
  fi
  [ $((SECONDS - start)) -lt "$wait_s" ] || die "No message reached the bot within $wait_s s. Check that the gateway runs for $user and that you wrote to the right bot, then run this again."
  sleep 5
done

#!/bin/bash
# Only your own chat (layer 5): the Telegram bot token into OpenClaw's secret store (typed by the app at this job's
# prompt, never an argument or a file) and channels.telegram.botToken a store SecretRef to it; direct messages from
# the numeric Telegram user ids given only (dmPolicy allowlist), groups only from the allowlist and with a mention,
# owner commands for those ids. With "I use no chat channel" nothing is written.
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include secret.sh
# @include bot-token.sh

channel=${OCSS_IN_CHANNEL:-telegram}
ids=${OCSS_IN_TELEGRAM_IDS:-}
case "$channel" in
  telegram) ;;
  none)
    say 'You use no chat channel: nothing to set. The check reads "not applicable", and fails if a channel appears in openclaw.json.'
    exit 0
    ;;
  *) die "Channel \"$channel\" is not one this step knows (telegram or none). Nothing was changed." ;;
esac
# Validated again here (the app did it first): digits only, comma-separated, at most 50; never an empty list, which
# makes OpenClaw drop every message without a word (upstream PR #26243).
[ -n "$ids" ] || die 'No Telegram user id was given: an empty allowlist drops every message. Enter your numeric Telegram user id ("Find my Telegram id" shows it). Nothing was changed.'
[[ "$ids" =~ ^[1-9][0-9]{0,19}(,[1-9][0-9]{0,19}){0,49}$ ]] ||
  die 'The Telegram user ids must be positive whole numbers separated by commas (at most 50). Nothing was changed.'
user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
conf=$home/.openclaw/openclaw.json
{ [ -f "$conf" ] && [ ! -L "$conf" ]; } || die "$conf is missing or not a regular file. Apply \"OpenClaw onboarding\" first. Nothing was changed."
_ocss_oc_require

ocss_tg_ensure_token

IFS=, read -r -a id_list <<<"$ids" # digits only (checked above)
list=$(printf '"%s",' "${id_list[@]}")
owners=$(printf '"telegram:%s",' "${id_list[@]}")
n=${#id_list[@]}
say "Allowing direct messages from $n numeric Telegram user id(s) only; groups from the allowlist, with a mention"
ocss_oc_patch channel-allowlist <<OCSS_PATCH
{"channels":{"telegram":{"enabled":true,"botToken":{"source":"store","provider":"default","id":"TELEGRAM_BOT_TOKEN"},"dmPolicy":"allowlist","allowFrom":[${list%,}],"groupPolicy":"allowlist","groups":{"*":{"requireMention":true}}}},"commands":{"ownerAllowFrom":[${owners%,}]}}
OCSS_PATCH
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then
  ocss_oc_restart_gateway 'Restarting the gateway so that it uses the Telegram settings'
  ocss_oc_audit
fi
say "Telegram: only the $n id(s) given may write to the agent; the bot token is in the secret store ($user's openclaw.json holds only a reference)"

#!/bin/bash
# Only your own chat (layer 5): the Telegram bot token into OpenClaw's secret store (typed by the app at this job's
# prompt, never an argument or a file) and channels.telegram.botToken a store SecretRef to it; direct messages from
# the numeric Telegram user ids given only (dmPolicy allowlist), groups only from the allowlist and with a mention,
# owner commands for those ids. With "I use no chat channel" nothing is written.
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include secret.sh

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

len=$(ocss_oc_secret_length TELEGRAM_BOT_TOKEN)
if [ -n "$len" ]; then
  say "The bot token is already in OpenClaw's secret store (TELEGRAM_BOT_TOKEN, $len characters): keeping it"
else
  say 'Asking for the bot token from @BotFather (typed by the app; nothing is shown)'
  token=$(ocss_read_secret BOT_TOKEN) || die 'No bot token arrived. Nothing was changed.'
  # A BotFather token: the bot's number, a colon, then letters, digits, "_" and "-". Never echoed.
  if ! [[ "$token" =~ ^[0-9]{3,20}:[A-Za-z0-9_-]{20,200}$ ]]; then
    unset token
    die 'That does not look like a bot token from @BotFather (the bot'"'"'s number, a colon, then letters and digits, like 123456789:AA…). Nothing was stored or changed.'
  fi
  # Undo removes the stored token only when this step stored it: the marker says so (the account's, 600).
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'umask 077 && mkdir -p "$1" && chmod 700 "$1" && : >"$1/channel-allowlist.secret"' ocss-mark "$home/.openclaw/.ocss-undo"
  say 'Storing it as TELEGRAM_BOT_TOKEN (openclaw secrets store set --value-file -, from stdin)'
  printf '%s' "$token" | ocss_oc_secret_set TELEGRAM_BOT_TOKEN
  unset token
  len=$(ocss_oc_secret_length TELEGRAM_BOT_TOKEN)
  [ -n "$len" ] || die 'The secret store has no TELEGRAM_BOT_TOKEN after the write; openclaw.json was not changed.'
  say "Stored: TELEGRAM_BOT_TOKEN, $len characters"
fi

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

# Shared by apply.sh and find-id.sh (written in at "# @include bot-token.sh"; needs openclaw.sh and secret.sh).
# shellcheck shell=bash

# ocss_tg_ensure_token: the Telegram bot token in OpenClaw's secret store as TELEGRAM_BOT_TOKEN. One already there is
# kept; otherwise it is asked for at the job's prompt (typed by the app, never echoed), its shape checked, and stored
# from stdin. A marker (the account's, 600) tells undo that this step stored it. Exits through die() on any failure.
ocss_tg_ensure_token() {
  local home len token
  home=$(ocss_oc_home)
  len=$(ocss_oc_secret_length TELEGRAM_BOT_TOKEN)
  if [ -n "$len" ]; then
    say "The bot token is already in OpenClaw's secret store (TELEGRAM_BOT_TOKEN, $len characters): keeping it"
    return 0
  fi
  say 'Asking for the bot token from @BotFather (typed by the app; nothing is shown)'
  token=$(ocss_read_secret BOT_TOKEN) || die 'No bot token arrived. Nothing was changed.'
  # A BotFather token: the bot's number, a colon, then letters, digits, "_" and "-". Never echoed.
  if ! [[ "$token" =~ ^[0-9]{3,20}:[A-Za-z0-9_-]{20,200}$ ]]; then
    unset token
    die 'That does not look like a bot token from @BotFather (the bot'"'"'s number, a colon, then letters and digits, like 123456789:AA…). Nothing was stored or changed.'
  fi
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'umask 077 && mkdir -p "$1" && chmod 700 "$1" && : >"$1/channel-allowlist.secret"' ocss-mark "$home/.openclaw/.ocss-undo"
  say 'Storing it as TELEGRAM_BOT_TOKEN (openclaw secrets store set --value-file -, from stdin)'
  printf '%s' "$token" | ocss_oc_secret_set TELEGRAM_BOT_TOKEN
  unset token
  len=$(ocss_oc_secret_length TELEGRAM_BOT_TOKEN)
  [ -n "$len" ] || die 'The secret store has no TELEGRAM_BOT_TOKEN after the write; openclaw.json was not changed.'
  say "Stored: TELEGRAM_BOT_TOKEN, $len characters"
}

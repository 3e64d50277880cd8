#!/bin/bash
# Undo of "Only your own chat": the Telegram keys back to what they were before (a key changed by hand since is kept),
# and the bot token removed from OpenClaw's secret store only when this step stored it and nothing refers to it any more.
# @include prelude.sh
# @include openclaw.sh
home=$(ocss_oc_home)
mark=$home/.openclaw/.ocss-undo/channel-allowlist.secret
created=no
if [ -f "$mark" ] && [ ! -L "$mark" ]; then created=yes; fi
ocss_oc_undo channel-allowlist
if [ "$created" = yes ]; then
  if grep -qs TELEGRAM_BOT_TOKEN -- "$home/.openclaw/openclaw.json"; then
    say 'Keeping TELEGRAM_BOT_TOKEN in the secret store: openclaw.json still refers to it (a later change of yours)'
  else
    say 'Removing the bot token this step stored (openclaw secrets store rm --yes TELEGRAM_BOT_TOKEN)'
    ocss_oc secrets store rm --yes TELEGRAM_BOT_TOKEN >/dev/null
    if [ -n "${OCSS_FACTS_CACHE:-}" ]; then rm -f -- "$OCSS_FACTS_CACHE"; fi
  fi
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'rm -f -- "$1/channel-allowlist.secret" && rmdir -- "$1" 2>/dev/null; true' ocss-undo "$home/.openclaw/.ocss-undo"
fi
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then
  ocss_oc_restart_gateway 'Restarting the gateway so that it drops the Telegram settings'
fi

#!/bin/bash
# OpenClaw's own security audit, run as the OpenClaw account (started by root with runuser in check-batch.sh) or,
# when there is none yet, as the login user over the user channel. It prints marker lines,
# then the audit's JSON on stdout. No parameters, nothing written.
# The result is self-reported by that account: whatever "openclaw" resolves to below answers. So the markers also
# name the resolved program (realpath) with its owner and mode, read with /usr/bin tools (not the user's PATH).
cd "$HOME" 2>/dev/null || cd /
PATH="$HOME/.local/bin:$HOME/.npm-global/bin:$HOME/.openclaw/bin:$PATH"
if ! bin=$(command -v openclaw 2>/dev/null) || [ -z "$bin" ]; then
  echo 'ocss-audit no-cli'
  exit 0
fi
real=$(/usr/bin/readlink -f -- "$bin" 2>/dev/null) || real=$bin
nl=$'\n' cr=$'\r'
printf 'ocss-audit bin %s\n' "${bin//[$nl$cr]/?}"
printf 'ocss-audit real %s\n' "${real//[$nl$cr]/?}"
printf 'ocss-audit stat %s\n' "$(/usr/bin/stat -c '%U %a' -- "$real" 2>/dev/null || echo '? ?')"
echo 'ocss-audit run'
timeout 150 openclaw security audit --deep --json </dev/null
rc=$?
echo
echo "ocss-audit rc $rc"

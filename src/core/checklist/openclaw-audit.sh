#!/bin/bash
# OpenClaw's own security audit, run as the login user (OpenClaw lives in the user's home): prints a marker line,
# then the audit's JSON on stdout. No parameters, nothing written.
PATH="$HOME/.local/bin:$HOME/.npm-global/bin:$HOME/.openclaw/bin:$PATH"
if ! command -v openclaw >/dev/null 2>&1; then
  echo 'ocss-audit no-cli'
  exit 0
fi
echo 'ocss-audit run'
timeout 150 openclaw security audit --deep --json </dev/null
rc=$?
echo
echo "ocss-audit rc $rc"

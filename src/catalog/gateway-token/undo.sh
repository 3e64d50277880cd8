#!/bin/bash
# Undo of "Gateway token": nothing. Turning token auth off or putting the token back in plain text would only make
# the gateway less safe, and the onboarding step already set token auth: its undo moves the whole config aside.
set -euo pipefail
printf '\033[1m==> %s\033[0m\n' 'Nothing to undo: the token stays in the secret store and token auth stays on (turning it off would leave the gateway open to every local program). Rotate the token to replace it; undo "OpenClaw onboarding" to remove the configuration.'

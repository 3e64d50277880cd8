# shellcheck shell=bash
# ocss_read_secret NAME: one secret step input (a token), typed by the app at the job's own prompt and never staged.
# Prints the marker line "OCSS-SECRET-REQUEST <NAME> <OCSS_PROMPT_TAG>" to the terminal, reads one line from /dev/tty
# with echo off, and writes the value to the function's stdout without a newline (pipe it on:
# `ocss_read_secret TOKEN | ocss_oc_secret_set NAME`). Nothing is echoed; the value is never in argv or a file.
# The app (window or CLI) answers only a marker that carries this job's random tag, once per NAME.
ocss_read_secret() {
  local name=${1:-} value=''
  if ! [[ "$name" =~ ^[A-Z][A-Z0-9_]{0,39}$ ]]; then
    echo "ocss_read_secret: \"$name\" is not an input name" >&2
    return 2
  fi
  if ! [[ "${OCSS_PROMPT_TAG:-}" =~ ^[0-9a-f]{16,64}$ ]]; then
    echo "ocss_read_secret: this job has no prompt tag, so $name cannot be asked for (run the step from the app)" >&2
    return 2
  fi
  if ! { true </dev/tty; } 2>/dev/null; then
    echo "ocss_read_secret: no terminal to ask for $name on (run the step from the app, not as a background check)" >&2
    return 2
  fi
  printf 'OCSS-SECRET-REQUEST %s %s\n' "$name" "$OCSS_PROMPT_TAG" >/dev/tty
  if ! IFS= read -r -s -t "${OCSS_SECRET_WAIT_SECONDS:-300}" value </dev/tty; then
    printf '\n' >/dev/tty
    echo "ocss_read_secret: no value for $name arrived; nothing was changed" >&2
    return 3
  fi
  printf '\n' >/dev/tty
  value=${value%$'\r'}
  if [ -z "$value" ]; then
    echo "ocss_read_secret: $name was empty" >&2
    return 3
  fi
  printf '%s' "$value"
}

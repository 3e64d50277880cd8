#!/bin/bash
# A re-check pass without a sudo password, run as the login user over the user control channel: each check script
# (OCSS_SCRIPT_<i>) goes on stdin to the root-owned check launcher through `sudo -n` (the check-only sudo rule of the
# step sudo-check-launcher), which refuses any script not in its root-owned allowlist. OCSS_ARGS_<i> holds that check's
# own parameters (OC_USER, IN_<NAME>) as space-separated NAME=BASE64 words (non-secret). Prints, per check,
# "item <i> <exit code>" or "item <i> refused", then one line of base64 (the check's output, or the refusal).
set -u
export LC_ALL=C
launcher=/usr/local/libexec/openclaw-secure-setup/check-launcher
args=()
port=${SSH_CONNECTION##* }
case "$port" in '' | *[!0-9]*) ;; *) args+=("SSH_PORT=$(printf %s "$port" | base64 -w0)") ;; esac
if [ -n "${OCSS_CHECK_ALLOWLIST:-}" ]; then args+=("CHECK_ALLOWLIST=$(printf %s "$OCSS_CHECK_ALLOWLIST" | base64 -w0)"); fi
case "$OCSS_COUNT" in '' | *[!0-9]*) echo 'launcher batch: bad count' >&2; exit 2 ;; esac
err=$(mktemp) || exit 2
trap 'rm -f "$err"' EXIT
i=0
while [ "$i" -lt "$OCSS_COUNT" ]; do
  s="OCSS_SCRIPT_$i" a="OCSS_ARGS_$i"
  read -r -a own <<<"${!a:-}"
  out=$(printf '%s\n' "${!s}" | /usr/bin/sudo -n "$launcher" --run "${args[@]}" "${own[@]}" 2>"$err")
  rc=$(sed -n '1s/^rc \([0-9]*\)$/\1/p' <<<"$out")
  if [ -n "$rc" ]; then
    printf 'item %s %s\n%s\n' "$i" "$rc" "$(sed -n 2p <<<"$out")"
  else
    printf 'item %s refused\n%s\n' "$i" "$(base64 -w0 <"$err")"
  fi
  i=$((i + 1))
done

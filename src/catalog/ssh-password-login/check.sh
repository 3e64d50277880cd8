#!/bin/bash
# Check for the password-login step. Runs as root; read-only. Prints sections for evaluate() in step.ts:
# the effective settings (`sshd -T`), Match blocks that turn password login back on, and the app's drop-in.
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
dropin=/etc/ssh/sshd_config.d/00-openclaw-secure-setup.conf
if ! command -v sshd >/dev/null 2>&1; then
  echo '### sshd-missing'
  exit 0
fi
mkdir -p /run/sshd 2>/dev/null
out=$(sshd -T 2>&1)
rc=$?
echo '### sshd-t'
if [ "$rc" = 0 ]; then
  printf '%s\n' "$out" | grep -E '^(passwordauthentication|kbdinteractiveauthentication|challengeresponseauthentication|usepam|pubkeyauthentication|authenticationmethods) '
else
  printf '%s\n' "$out" | tail -n 5
fi
echo '### sshd-t-exit'
echo "$rc"
echo '### match-password'
# shellcheck disable=SC2046 # the glob may match nothing
awk 'FNR == 1 { m = "" }
     tolower($1) == "match" { m = FILENAME ":" FNR ": " $0 }
     m != "" && tolower($1) ~ /^(passwordauthentication|kbdinteractiveauthentication|challengeresponseauthentication)$/ && tolower($2) == "yes" {
       print m " -> " $1 " " $2 }' /etc/ssh/sshd_config $(ls /etc/ssh/sshd_config.d/*.conf 2>/dev/null)
echo '### dropin'
if [ -f "$dropin" ]; then echo "present $dropin"; else echo absent; fi

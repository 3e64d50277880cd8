#!/bin/bash
# shellcheck disable=SC2154 # the ocss_* paths are set by lib.sh, which step.ts writes in at "# @include lib.sh"
# Check for the check-only sudo rule. Runs as root; read-only. Prints sections for evaluate() in step.ts: owner and
# mode of the drop-in, launcher, allowlist and their folders, whether each holds exactly what apply writes (the
# allowlist: this app version's checks, given as OCSS_CHECK_ALLOWLIST), and what `sudo -l -U <admin>` shows.
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include lib.sh
user=${SUDO_USER:-}
st() { if [ -L "$1" ]; then echo link; elif [ -e "$1" ]; then stat -c '%a %U:%G' "$1"; else echo absent; fi; }
same() { if [ "$1" = "$2" ]; then echo same; else echo differs; fi; }
echo '### user'
echo "${user:-none}"
echo '### dropin'
st "$ocss_dropin"
echo '### dropin-content'
if [ -f "$ocss_dropin" ] && [ -n "$user" ]; then same "$(cat "$ocss_dropin")" "$(ocss_dropin_text "$user")"; else echo none; fi
echo '### launcher-dir'
st "$ocss_launcher_dir"
echo '### launcher'
st "$ocss_launcher"
echo '### launcher-content'
if [ -f "$ocss_launcher" ]; then same "$(cat "$ocss_launcher")" "$(ocss_launcher_text)"; else echo none; fi
echo '### allowlist-dir'
st "$ocss_allow_dir"
echo '### allowlist'
st "$ocss_allowlist"
echo '### allowlist-content'
if [ -z "${OCSS_CHECK_ALLOWLIST:-}" ]; then echo unknown
elif [ -f "$ocss_allowlist" ]; then same "$(cat "$ocss_allowlist")" "$OCSS_CHECK_ALLOWLIST"
else echo none; fi
echo '### sudo-l'
if [ -n "$user" ]; then sudo -n -l -U "$user" 2>&1 | grep -F "$ocss_launcher"; fi
true

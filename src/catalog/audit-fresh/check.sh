#!/bin/bash
# shellcheck disable=SC2154 # ocss_audit_stamp_dir is set by audit-stamp.sh, which step.ts writes in at "# @include"
# Check for "security audit after every config change". Runs as root; read-only; runs no OpenClaw program. Prints the
# OpenClaw account, the sha256 and mtime of its openclaw.json as root reads them now, and the root-owned stamp of the
# last deep audit (lib/audit-stamp.sh), for evaluate() in step.ts.
export LC_ALL=C
# @include audit-stamp.sh
user=$(ocss_audit_account)
echo '### account'
echo "$user"
if [ "$user" = invalid ] || ! entry=$(getent passwd "$user"); then
  echo '### no-account'
  exit 0
fi
echo '### config'
ocss_audit_config_state "$(printf '%s' "$entry" | cut -d: -f6)"
echo '### stamp'
f=$ocss_audit_stamp_dir/last-audit-$user
if [ -f "$f" ] && [ ! -L "$f" ] && [ "$(stat -c '%u %a' -- "$f")" = '0 600' ]; then head -n 5 -- "$f"
elif [ -e "$f" ]; then echo "untrusted $(stat -c '%U %a %F' -- "$f" 2>/dev/null)"
else echo none; fi
echo '### now'
date +%s

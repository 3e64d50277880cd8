#!/bin/bash
# Check for the UFW step. Runs as root; read-only. Prints sections for evaluate() in step.ts.
export LC_ALL=C
echo '### ufw-status'
if command -v ufw >/dev/null 2>&1; then
  ufw status verbose 2>&1
  echo "### ufw-exit"
  echo "$?"
else
  echo '### ufw-missing'
fi
echo '### sshd-ports'
if command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ]; then
  PATH="$PATH:/usr/sbin" sshd -T 2>/dev/null | awk '$1 == "port" { print $2 }' | sort -un
else
  echo 'none'
fi

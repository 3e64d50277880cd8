#!/bin/bash
# Check for the UFW step. Runs as root; read-only. Prints sections for evaluate() in step.ts.
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include ssh-ports.sh
if command -v ufw >/dev/null 2>&1; then
  echo '### ufw-status'
  ufw status verbose 2>&1
  rc=$?
  echo '### ufw-exit'
  echo "$rc"
  echo '### ipv6'
  sed -n 's/^IPV6=//p' /etc/default/ufw | tr -d '"'
else
  echo '### ufw-missing'
fi
echo '### sshd-ports'
ports=$(ocss_ssh_ports)
if [ -n "$ports" ]; then printf '%s\n' "$ports"; else echo none; fi

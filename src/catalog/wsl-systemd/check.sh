#!/bin/bash
# Check for "systemd in WSL". Runs as root; read-only. Prints sections for evaluate() in step.ts.
export LC_ALL=C
# @include wsl-conf.sh
# @include user-bus.sh
echo '### systemd-conf'
ocss_ini_get boot systemd /etc/wsl.conf 2>/dev/null || echo unset
echo '### pid1'
cat /proc/1/comm 2>/dev/null || echo unknown
user=$(ocss_login_user)
echo '### login-user'
if [ -n "$user" ]; then echo "$user $(id -u -- "$user" 2>/dev/null)"; else echo none; fi
echo '### user-bus'
if [ -z "$user" ]; then echo 'no-user'
elif msg=$(ocss_require_user_bus "$user" 2>&1); then echo present
else echo missing; printf '%s\n' "$msg" | head -n1; fi

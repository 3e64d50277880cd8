#!/bin/bash
# Check for "Gateway service". Runs as root: PID 1, linger (/var/lib/systemd/linger/USER), the user bus, the unit file,
# and `systemctl --user is-enabled/is-active` run as the account (systemctl is the system's binary, not OpenClaw's),
# plus the gateway's listeners. Sections for evaluate() in step.ts.
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include openclaw.sh
unit=openclaw-gateway.service
echo '### pid1'
cat /proc/1/comm 2>/dev/null || echo unknown
user=$(ocss_oc_user 2>&1) || { echo '### shape-account'; echo "missing $user"; exit 0; }
home=$(ocss_oc_home 2>&1) || { echo '### shape-account'; echo "missing $home"; exit 0; }
uid=$(ocss_oc_uid)
echo '### shape-account'
echo "$user $home"
echo '### linger'
if [ -e "/var/lib/systemd/linger/$user" ]; then echo on; else echo off; fi
echo '### user-bus'
if [ -S "/run/user/$uid/bus" ]; then echo present; else echo missing; fi
echo '### unit-file'
f="$home/.config/systemd/user/$unit"
if [ -L "$f" ]; then echo "symlink $f"; elif [ -f "$f" ]; then echo "present $f"; else echo "missing $f"; fi
echo '### unit'
if [ -S "/run/user/$uid/bus" ]; then
  echo "enabled $(ocss_user_systemctl "$user" is-enabled "$unit" 2>/dev/null | head -n1)"
  echo "active $(ocss_user_systemctl "$user" is-active "$unit" 2>/dev/null | head -n1)"
else
  echo 'enabled unknown'; echo 'active unknown'
fi
echo '### listen'
ss -ltnH 'sport = :18789' 2>/dev/null | awk '{print $4}' | sort

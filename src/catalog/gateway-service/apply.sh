#!/bin/bash
# Gateway service: the OpenClaw gateway as a systemd user service of the OpenClaw account, running without a login.
# 1) loginctl enable-linger (an account that never logs in has no user manager and no user bus until then), 2) wait
# for its user bus, 3) `openclaw gateway install --json` as the account with its real HOME (OpenClaw refuses a
# non-canonical HOME or state dir), 4) enable + start the unit, 5) wait until the gateway listens on loopback.
# What was there before (linger, the unit file) is saved once, so that Undo removes only what this step added.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
unit=openclaw-gateway.service
port=18789
backup=/var/lib/openclaw-secure-setup/backup/gateway-service

pid1=$(cat /proc/1/comm 2>/dev/null || echo unknown)
[ "$pid1" = systemd ] || die "systemd is not running as PID 1 here (PID 1 is \"$pid1\"), so there is no service manager for the gateway. On WSL apply \"systemd in WSL\" first; on a machine without systemd the gateway can only run in a terminal (openclaw gateway run). Nothing was changed."
command -v loginctl >/dev/null || die 'loginctl is missing (systemd-logind is not installed): install the systemd package that provides it, then run this step again. Nothing was changed.'
user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home); uid=$(ocss_oc_uid)
[ -f "$home/.openclaw/openclaw.json" ] || die "OpenClaw is not onboarded for $user ($home/.openclaw/openclaw.json is missing). Apply \"OpenClaw onboarding\" first. Nothing was changed."
unit_file="$home/.config/systemd/user/$unit"

if [ ! -d "$backup" ]; then
  mkdir -p "${backup%/*}" && mkdir -m 700 "$backup"
  if [ -e "/var/lib/systemd/linger/$user" ]; then echo on >"$backup/linger-before"; else echo off >"$backup/linger-before"; fi
  if [ -e "$unit_file" ]; then echo present >"$backup/unit-before"; else echo absent >"$backup/unit-before"; fi
  echo "$user" >"$backup/user"
  say "Saved what was there before in $backup (linger $(cat "$backup/linger-before"), unit file $(cat "$backup/unit-before"))"
fi

if [ -e "/var/lib/systemd/linger/$user" ]; then say "Linger is already on for $user"
else say "Turning linger on for $user (loginctl enable-linger): its user manager runs without a login"; loginctl enable-linger "$user"; fi

say "Waiting for $user's user bus (/run/user/$uid/bus)"
for i in $(seq 1 150); do
  [ -S "/run/user/$uid/bus" ] && break
  [ $((i % 25)) = 0 ] && echo "  still waiting ($((i / 5)) s)"
  sleep 0.2
done
ocss_require_user_bus "$user" || die "The user manager of $user did not start within 30 s. Try: systemctl restart user@$uid.service, then run this step again."

if [ -f "$unit_file" ] && ocss_user_systemctl "$user" is-enabled --quiet "$unit" && ocss_user_systemctl "$user" is-active --quiet "$unit"; then
  say "The gateway service is already installed, enabled and running: changing nothing"
  exit 0
fi

if [ ! -f "$unit_file" ]; then
  say "Installing the gateway service as $user (openclaw gateway install --json, about 5 s)"
  ocss_oc gateway install --json || die "openclaw gateway install failed (its message is above). Linger stays on; Undo turns it off again."
fi
[ -f "$unit_file" ] || die "openclaw gateway install wrote no $unit_file."
say "Enabling and starting $unit"
ocss_user_systemctl "$user" daemon-reload
ocss_user_systemctl "$user" enable "$unit"
ocss_user_systemctl "$user" start "$unit"

say "Waiting for the gateway to listen on 127.0.0.1:$port and [::1]:$port (usually 8-10 s)"
ocss_oc_wait_listening "$port" || die 'The gateway service did not come up (see above). Undo turns linger off and removes the unit again.'
say "The gateway runs as a service of $user and starts with the machine"

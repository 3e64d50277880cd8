#!/bin/bash
# UFW: deny incoming by default, allow outgoing, allow SSH, enable.
# Idempotent: a second run changes nothing. Never locks out SSH: every port an SSH server listens on
# is allowed BEFORE the firewall is enabled. The state from before the first run is saved for undo, and so is exactly
# what this step changed (record-*: the rules it added, the defaults and IPV6 line it replaced, whether it enabled ufw)
# and the state it left (left-*), so that undo can take back only the step's own changes and keep later ones.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
backup=/var/lib/openclaw-secure-setup/backup/ufw-firewall
# @include ssh-ports.sh
# @include ufw-state.sh

if ! command -v ufw >/dev/null 2>&1; then
  say 'ufw is not installed; installing it with apt-get'
  DEBIAN_FRONTEND=noninteractive apt-get install -y ufw
fi

# No grep -q: with pipefail an early exit would SIGPIPE ufw on long rule lists.
is_active() { ufw status 2>/dev/null | grep '^Status: active' >/dev/null; }

if [ ! -d "$backup" ]; then
  say "Saving the current firewall state to $backup (Undo restores it)"
  rm -rf "$backup.tmp"
  install -d -m 700 "$(dirname "$backup")" "$backup.tmp"
  cp -a /etc/ufw "$backup.tmp/etc-ufw"
  cp -a /etc/default/ufw "$backup.tmp/default-ufw"
  if is_active; then echo active >"$backup.tmp/was"; else echo inactive >"$backup.tmp/was"; fi
  # Whether ufw's iptables chains existed at all (they stay behind after "ufw disable").
  if iptables -S 2>/dev/null | grep '^-N ufw' >/dev/null; then echo yes >"$backup.tmp/had-chains"; else echo no >"$backup.tmp/had-chains"; fi
  : >"$backup.tmp/record-rules"
  mv "$backup.tmp" "$backup"
else
  say "Earlier state already saved in $backup; keeping it"
fi

ports=$(ocss_ssh_ports)
if [ -z "$ports" ] && [ -n "${OCSS_SSH_PORT:-}" ]; then
  echo "Refusing to enable the firewall: this session uses SSH but no SSH port could be determined." >&2
  exit 3
fi

# What this step changed, for undo: one line per change, kept across applies (a later apply only adds to it).
record_rule() { grep -qxF "$1" "$backup/record-rules" 2>/dev/null || printf '%s\n' "$1" >>"$backup/record-rules"; }
record_once() { ocss_ufw_record_once "$backup" "$1" "$2"; }
policy() { ocss_ufw_policy "$@"; }
ocss_ufw_legacy_record "$backup"
added=$(ufw show added 2>/dev/null || true)
for port in $ports; do
  # Any allow/limit rule for the port counts, whatever its source (short or long form).
  if ocss_ufw_allows_port "$port" <<<"$added"; then
    say "SSH on port $port/tcp is already allowed"
  elif grep -qE "^ufw (deny|reject)( in)?.*(^| |port )$port(/tcp)?( |\$)" <<<"$added"; then
    say "Allowing SSH on port $port/tcp ahead of an existing deny rule, before the firewall is enabled"
    ufw insert 1 allow "$port/tcp" comment 'SSH (OpenClaw Secure Setup)'
    record_rule "allow $port/tcp"
  else
    say "Allowing SSH on port $port/tcp before the firewall is enabled"
    ufw allow "$port/tcp" comment 'SSH (OpenClaw Secure Setup)'
    record_rule "allow $port/tcp"
  fi
done
[ -n "$ports" ] || say 'No SSH server is listening; no SSH rule is needed'

if [ "$(policy IPV6)" != yes ]; then
  say 'Filtering IPv6 as well (IPV6=yes in /etc/default/ufw)'
  record_once record-ipv6 "$(grep -m1 '^IPV6=' /etc/default/ufw || echo absent)"
  sed -i 's/^IPV6=.*/IPV6=yes/' /etc/default/ufw
  grep -q '^IPV6=' /etc/default/ufw || echo 'IPV6=yes' >>/etc/default/ufw
  if is_active; then ufw reload; fi
fi
if [ "$(policy DEFAULT_INPUT_POLICY)" != DROP ] && [ "$(policy DEFAULT_INPUT_POLICY)" != REJECT ]; then
  say 'Denying incoming connections by default'
  record_once record-default-input "$(policy DEFAULT_INPUT_POLICY)"
  ufw default deny incoming
fi
if [ "$(policy DEFAULT_OUTPUT_POLICY)" != ACCEPT ]; then
  say 'Allowing outgoing connections by default'
  record_once record-default-output "$(policy DEFAULT_OUTPUT_POLICY)"
  ufw default allow outgoing
fi

if is_active; then
  say 'ufw is already active'
else
  say 'Enabling ufw'
  ufw --force enable
  record_once record-enabled yes
fi
# The state this step left: undo compares the machine with it to tell later changes from the step's own.
ufw show added 2>/dev/null | grep '^ufw ' >"$backup/left-rules" || true
ocss_ufw_state_hash >"$backup/left.sha256"
chmod 600 "$backup"/record-* "$backup"/left-*
ufw status verbose

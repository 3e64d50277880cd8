#!/bin/bash
# UFW: deny incoming by default, allow outgoing, allow SSH, enable.
# Idempotent: a second run changes nothing. Never locks out SSH: every port sshd listens on
# is allowed BEFORE the firewall is enabled. The state from before the first run is saved for undo.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
backup=/var/lib/openclaw-secure-setup/backup/ufw-firewall

if ! command -v ufw >/dev/null 2>&1; then
  say 'ufw is not installed; installing it with apt-get'
  DEBIAN_FRONTEND=noninteractive apt-get install -y ufw
fi

is_active() { ufw status | grep -q '^Status: active'; }

if [ ! -d "$backup" ]; then
  say "Saving the current firewall state to $backup (Undo restores it)"
  rm -rf "$backup.tmp"
  mkdir -p -m 700 "$(dirname "$backup")" "$backup.tmp"
  cp -a /etc/ufw "$backup.tmp/etc-ufw"
  cp -a /etc/default/ufw "$backup.tmp/default-ufw"
  if is_active; then echo active >"$backup.tmp/was"; else echo inactive >"$backup.tmp/was"; fi
  # Whether ufw's iptables chains existed at all (they stay behind after "ufw disable").
  if iptables -S 2>/dev/null | grep -q '^-N ufw'; then echo yes >"$backup.tmp/had-chains"; else echo no >"$backup.tmp/had-chains"; fi
  mv "$backup.tmp" "$backup"
else
  say "Earlier state already saved in $backup; keeping it"
fi

# Every port sshd is configured to listen on (sshd -T prints the effective config).
ports=''
if command -v sshd >/dev/null 2>&1; then
  ports=$(sshd -T 2>/dev/null | awk '$1 == "port" { print $2 }' | sort -un || true)
  if [ -z "$ports" ]; then
    ports=$(grep -hsiE '^[[:space:]]*Port[[:space:]]+[0-9]+' /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf | awk '{ print $2 }' | sort -un)
    [ -n "$ports" ] || ports=22
  fi
fi

added=$(ufw show added 2>/dev/null || true)
for port in $ports; do
  alt="$port(/tcp)?"; [ "$port" != 22 ] || alt="$alt|OpenSSH"
  if printf '%s\n' "$added" | grep -qE "^ufw (allow|limit)( in)? ($alt)( |\$)"; then
    say "SSH on port $port/tcp is already allowed"
  else
    say "Allowing SSH on port $port/tcp before the firewall is enabled"
    ufw allow "$port/tcp" comment 'SSH (OpenClaw Secure Setup)'
  fi
done
[ -n "$ports" ] || say 'No SSH server is installed; no SSH rule is needed'

policy() { sed -n "s/^$1=\"\\{0,1\\}\\([A-Z]*\\)\"\\{0,1\\}.*/\\1/p" /etc/default/ufw; }
if [ "$(policy DEFAULT_INPUT_POLICY)" != DROP ] && [ "$(policy DEFAULT_INPUT_POLICY)" != REJECT ]; then
  say 'Denying incoming connections by default'
  ufw default deny incoming
fi
if [ "$(policy DEFAULT_OUTPUT_POLICY)" != ACCEPT ]; then
  say 'Allowing outgoing connections by default'
  ufw default allow outgoing
fi

if is_active; then
  say 'ufw is already active'
else
  say 'Enabling ufw'
  ufw --force enable
fi
ufw status verbose

#!/bin/bash
# UFW: deny incoming by default, allow outgoing, allow SSH, enable.
# Idempotent: a second run changes nothing. Never locks out SSH: every port an SSH server listens on
# is allowed BEFORE the firewall is enabled. The state from before the first run is saved for undo.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
backup=/var/lib/openclaw-secure-setup/backup/ufw-firewall
# @include ssh-ports.sh

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
  mv "$backup.tmp" "$backup"
else
  say "Earlier state already saved in $backup; keeping it"
fi

ports=$(ocss_ssh_ports)
if [ -z "$ports" ] && [ -n "${OCSS_SSH_PORT:-}" ]; then
  echo "Refusing to enable the firewall: this session uses SSH but no SSH port could be determined." >&2
  exit 3
fi

added=$(ufw show added 2>/dev/null || true)
for port in $ports; do
  # Any allow/limit rule for the port counts, whatever its source (short or long form).
  alt="$port(/tcp)?"; [ "$port" != 22 ] || alt="$alt|OpenSSH"
  if grep -qE "^ufw (allow|limit)( in)?( log| log-all)? ($alt)( |\$)|^ufw (allow|limit)( in)?.* port $port( proto tcp)?( |\$)" <<<"$added"; then
    say "SSH on port $port/tcp is already allowed"
  elif grep -qE "^ufw (deny|reject)( in)?.*(^| |port )$port(/tcp)?( |\$)" <<<"$added"; then
    say "Allowing SSH on port $port/tcp ahead of an existing deny rule, before the firewall is enabled"
    ufw insert 1 allow "$port/tcp" comment 'SSH (OpenClaw Secure Setup)'
  else
    say "Allowing SSH on port $port/tcp before the firewall is enabled"
    ufw allow "$port/tcp" comment 'SSH (OpenClaw Secure Setup)'
  fi
done
[ -n "$ports" ] || say 'No SSH server is listening; no SSH rule is needed'

policy() { sed -n "s/^$1=\"\\{0,1\\}\\([A-Za-z]*\\)\"\\{0,1\\}.*/\\1/p" /etc/default/ufw; }
if [ "$(policy IPV6)" != yes ]; then
  say 'Filtering IPv6 as well (IPV6=yes in /etc/default/ufw)'
  sed -i 's/^IPV6=.*/IPV6=yes/' /etc/default/ufw
  grep -q '^IPV6=' /etc/default/ufw || echo 'IPV6=yes' >>/etc/default/ufw
  if is_active; then ufw reload; fi
fi
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

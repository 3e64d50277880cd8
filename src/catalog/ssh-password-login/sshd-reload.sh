# shellcheck shell=bash
# Reloads the SSH server so that NEW connections use the new configuration; open sessions are not touched.
# systemd: `systemctl reload` of the active ssh/sshd unit (with socket activation and no running daemon, the next
# connection starts one that reads the files anew). Without systemd: SIGHUP to the listening sshd only (its pid file,
# else the listener that ss shows), never to the per-session sshd processes. step.ts writes this into the scripts.
ocss_reload_sshd() {
  local unit pid
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    for unit in ssh sshd; do
      if systemctl is-active --quiet "$unit.service" 2>/dev/null; then
        systemctl reload "$unit.service" && return 0
      fi
    done
    if systemctl is-active --quiet ssh.socket 2>/dev/null; then return 0; fi
  fi
  pid=$(cat /run/sshd.pid 2>/dev/null || true)
  if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != sshd ]; then
    pid=$(ss -Htlnp 2>/dev/null | grep -o '"sshd",pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)
  fi
  if [ -z "$pid" ]; then
    echo 'Could not find the running SSH server (no /run/sshd.pid, no sshd listener) to reload it.' >&2
    return 1
  fi
  kill -HUP "$pid" || return 1
  # sshd re-executes itself on SIGHUP; wait until it listens again before anyone tries a new connection.
  sleep 1
}

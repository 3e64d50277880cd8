# shellcheck shell=bash
# Prints every TCP port an SSH server listens on, one per line. step.ts writes this function into apply.sh and check.sh.
# Sources: sshd's effective config (port and listenaddress lines), the config files when sshd -T cannot run,
# systemd's ssh.socket, live listeners owned by sshd or dropbear, and the server port of the current SSH connection
# (OCSS_SSH_PORT, read from $SSH_CONNECTION by the app).
ocss_ssh_ports() {
  {
    if command -v sshd >/dev/null 2>&1; then
      mkdir -p /run/sshd 2>/dev/null
      if ocss_t=$(sshd -T 2>/dev/null); then
        printf '%s\n' "$ocss_t" | awk '$1 == "port" { print $2 } $1 == "listenaddress" { n = split($2, a, ":"); print a[n] }'
      else
        cat /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf 2>/dev/null |
          awk 'tolower($1) == "port" { print $2; found = 1 }
               tolower($1) == "listenaddress" { n = split($2, a, ":"); if (n > 1) { print a[n]; found = 1 } }
               END { if (!found) print 22 }'
      fi
    fi
    if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled ssh.socket >/dev/null 2>&1; then
      systemctl show -p Listen --value ssh.socket 2>/dev/null | grep -oE ':[0-9]+ ' | tr -d ': '
    fi
    if command -v ss >/dev/null 2>&1; then
      ss -Htlnp 2>/dev/null | awk '/"(sshd|dropbear)"/ { n = split($4, a, ":"); print a[n] }'
    fi
    if [ -n "${OCSS_SSH_PORT:-}" ]; then echo "$OCSS_SSH_PORT"; fi
  } | grep -E '^[0-9]{1,5}$' | sort -un || true
}

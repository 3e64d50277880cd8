# shellcheck shell=bash
# systemctl --user for a login user, run by root: refused with a clear message when the user's session bus
# (/run/user/UID/bus) is missing, instead of systemctl's "Failed to connect to bus". Written into scripts by step.ts.
# ocss_require_user_bus USER: status 0 when /run/user/UID/bus is a socket; else a message on stderr and status 3.
ocss_require_user_bus() {
  local user=$1 uid
  uid=$(id -u -- "$user" 2>/dev/null) || { echo "There is no user \"$user\" on this system." >&2; return 2; }
  if [ ! -S "/run/user/$uid/bus" ]; then
    echo "Refusing to run systemctl --user for $user: /run/user/$uid/bus is missing, so there is no user manager to talk to." >&2
    echo "systemd must run as PID 1 (apply the \"systemd in WSL\" step, which restarts the distribution) and $user's user manager must be running (open a shell as $user once, or run: loginctl enable-linger $user)." >&2
    return 3
  fi
}
# ocss_user_systemctl USER ARGS...: `systemctl --user ARGS` as USER, only when the bus is there.
ocss_user_systemctl() {
  local user=$1 uid
  shift
  ocss_require_user_bus "$user" || return
  uid=$(id -u -- "$user")
  runuser -u "$user" -- env XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" systemctl --user "$@"
}
# ocss_login_user: the distribution's default user ([user] default= in /etc/wsl.conf, else uid 1000, as WSL's setup makes it).
ocss_login_user() {
  local u
  u=$(ocss_ini_get user default /etc/wsl.conf 2>/dev/null) && [ -n "$u" ] && { printf '%s\n' "$u"; return 0; }
  getent passwd 1000 | cut -d: -f1
}

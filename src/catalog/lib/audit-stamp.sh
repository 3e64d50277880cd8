# shellcheck shell=bash
# The record of OpenClaw's last deep audit, kept where root can trust it: /var/lib/openclaw-secure-setup/state/
# last-audit-<account> (root:root 600, written by root only). It names the openclaw.json that audit read: its sha256
# and mtime, read by root BEFORE the audit started, so a change made while it ran counts as newer. Written by the
# re-check batch (core/runner/check-batch.sh), by the step audit-fresh and by every step that writes OpenClaw's
# config (lib/openclaw.sh ocss_oc_audit); read by audit-fresh's check. Included into scripts, not sourced.
ocss_audit_stamp_dir=/var/lib/openclaw-secure-setup/state
# ocss_audit_account: the OpenClaw account: OCSS_OC_USER, else the distribution's default user on WSL (detected as in
# lib/openclaw.sh ocss_target_kind; [user] default in /etc/wsl.conf, else uid 1000), else "openclaw". Prints
# "invalid" for a name that is not a plain user name, or root.
ocss_audit_account() {
  local u=${OCSS_OC_USER:-}
  if [ -z "$u" ]; then
    if [ -n "${WSL_DISTRO_NAME:-}" ] || [ -n "${OCSS_WSL_STANDIN_DISTRO:-}" ] || grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then
      u=$(sed -n 's/^[[:space:]]*default[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/wsl.conf 2>/dev/null | tail -n1)
      [ -n "$u" ] || u=$(getent passwd 1000 | cut -d: -f1)
    else u=openclaw; fi
  fi
  # The same rule as lib/openclaw.sh ocss_oc_user, and never root.
  [[ "$u" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] && [ "$u" != root ] || u=invalid
  printf '%s\n' "$u"
}
# ocss_audit_config_state HOME: "<sha256> <mtime>" of HOME/.openclaw/openclaw.json as root reads it; "absent absent"
# when there is none; "refused refused" for a symlink or anything but a regular file (a check never follows it).
ocss_audit_config_state() {
  local f=$1/.openclaw/openclaw.json
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; then echo 'refused refused'
  elif [ -f "$f" ]; then printf '%s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$(stat -c %Y -- "$f")"
  else echo 'absent absent'; fi
}
# ocss_audit_stamp_write USER CONFIG-STATE: records that a deep audit of USER's OpenClaw finished now, having read the
# config in CONFIG-STATE (the output of ocss_audit_config_state taken before the audit started).
ocss_audit_stamp_write() {
  [[ "$1" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || return 2
  install -d -m 755 -o root -g root "$(dirname "$ocss_audit_stamp_dir")" 2>/dev/null || true
  install -d -m 700 -o root -g root "$ocss_audit_stamp_dir" || return 1
  local f=$ocss_audit_stamp_dir/last-audit-$1
  printf 'audited-at %s\nconfig %s\n' "$(date +%s)" "$2" >"$f.tmp" && chmod 600 "$f.tmp" && mv -f "$f.tmp" "$f"
}
# ocss_audit_report_ok FILE: the audit's output holds a report (its JSON summary), so the audit really ran.
ocss_audit_report_ok() { grep '"summary"' "$1" >/dev/null 2>&1; }
# ocss_audit_as_account USER: runs the bash script on stdin as USER (runuser, env -i with the account's real HOME, the
# PATH of lib/openclaw.sh, XDG_RUNTIME_DIR and its session bus when there is one), in USER's home. Root starts
# /bin/bash as the account and never runs the account's own programs itself.
ocss_audit_as_account() {
  local user=$1 entry home uid
  entry=$(getent passwd "$user") || return 2
  home=$(printf '%s' "$entry" | cut -d: -f6) uid=$(printf '%s' "$entry" | cut -d: -f3)
  local env=(HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8
    PATH="$home/.local/bin:$home/.local/share/openclaw-secure-setup/node/current/bin:$home/.npm-global/bin:/usr/local/bin:/usr/bin:/bin")
  [ -d "/run/user/$uid" ] && env+=(XDG_RUNTIME_DIR="/run/user/$uid")
  [ -S "/run/user/$uid/bus" ] && env+=(DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus")
  (cd "$home" 2>/dev/null || cd /; exec runuser -u "$user" -- env -i "${env[@]}" /bin/bash -s)
}

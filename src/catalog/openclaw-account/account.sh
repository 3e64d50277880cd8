# shellcheck shell=bash
# Helpers of the step openclaw-account, written into its scripts by step.ts.
# What apply did is kept on the target, root-only, for undo (never in the app's data folder): one key per line.
ocss_acct_state=/var/lib/openclaw-secure-setup/state/openclaw-account.json
ocss_acct_admin_groups='sudo admin wheel'

# ocss_acct_get KEY: a value of the state file ("" when absent).
ocss_acct_get() {
  [ -f "$ocss_acct_state" ] || return 0
  sed -n "s/^  \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$ocss_acct_state" | head -n1
}

# ocss_acct_put USER UID CREATED HOME_MODE_BEFORE GROUPS_REMOVED LINGER_ENABLED: writes the state file (600, root).
ocss_acct_put() {
  local tmp
  install -d -m 700 -o root -g root "${ocss_acct_state%/*}"
  tmp=$(mktemp "$ocss_acct_state.XXXXXX")
  printf '{\n  "user": "%s",\n  "uid": %s,\n  "created": %s,\n  "homeModeBefore": "%s",\n  "groupsRemoved": "%s",\n  "lingerEnabled": %s\n}\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$ocss_acct_state"
}

# ocss_acct_login_user: the account the app logs in as. sudo names it in SUDO_USER; without sudo it is root itself.
ocss_acct_login_user() {
  local u=${SUDO_USER:-}
  if [[ "$u" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then printf '%s\n' "$u"; else echo root; fi
}

# ocss_acct_sudo_rights USER: what sudo would let USER run (the lines after "may run the following commands");
# nothing when it may run nothing or sudo is not installed.
ocss_acct_sudo_rights() {
  command -v sudo >/dev/null 2>&1 || return 0
  sudo -n -l -U "$1" 2>&1 | awk '/may run the following commands/ { on = 1; next } on && NF { sub(/^[ \t]+/, ""); print }'
}

# ocss_acct_admin_member USER: the admin groups (sudo, admin, wheel) USER is a member of, one per line.
ocss_acct_admin_member() {
  local g
  for g in $ocss_acct_admin_groups; do
    id -nG -- "$1" 2>/dev/null | tr ' ' '\n' | grep -qxF "$g" && echo "$g"
  done
  true
}

# ocss_acct_linger_state USER: on / off, or no-systemd when systemd is not PID 1 (no user manager, no linger).
ocss_acct_linger_state() {
  if [ "$(cat /proc/1/comm 2>/dev/null)" != systemd ]; then echo no-systemd
  elif [ -e "/var/lib/systemd/linger/$1" ]; then echo on
  else echo off; fi
}

# ocss_acct_procs UID: the processes of UID other than its systemd user manager and that manager's own D-Bus (which
# linger keeps running with no program of the account's), one "pid command" per line.
ocss_acct_procs() {
  local d c
  for d in /proc/[0-9]*; do
    [ "$(stat -c %u -- "$d" 2>/dev/null)" = "$1" ] || continue
    if grep -qE "/user@$1\.service/(init\.scope|([a-z-]+\.slice/)?dbus(-broker)?\.service)$" "$d/cgroup" 2>/dev/null; then continue; fi
    c=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || continue
    c=${c%"${c##*[![:space:]]}"} # (sd-pam) pads its title with spaces
    case "$c" in ''|'/lib/systemd/systemd --user'|'/usr/lib/systemd/systemd --user'|'(sd-pam)') continue ;; esac
    printf '%s %s\n' "${d#/proc/}" "${c:0:120}"
  done
}

# ocss_acct_installs: the discovered installs, as lines a person reads.
ocss_acct_installs() {
  local line n=0 acct home version bin runs config
  while IFS= read -r line; do
    n=$((n + 1))
    acct=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^account=//p')
    home=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^home=//p')
    version=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^version=//p')
    bin=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^bin=//p')
    runs=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^runs=//p')
    config=$(printf '%s\n' "$line" | tr '\t' '\n' | sed -n 's/^config=//p')
    if [ "$acct" = system ]; then printf '  - %s: OpenClaw %s for every account\n' "$bin" "$version"
    else printf '  - account %s (home %s): OpenClaw %s, config %s, command %s, %s\n' "$acct" "$home" "$version" "$config" "$bin" "$runs"; fi
  done < <(ocss_oc_discover)
  [ "$n" = 0 ] && echo '  (none)'
  true
}

# ocss_acct_user_up UID: prints something while any process of UID (its user manager included) or /run/user/UID exists.
ocss_acct_user_up() {
  local d
  [ -d "/run/user/$1" ] && echo "/run/user/$1"
  for d in /proc/[0-9]*; do [ "$(stat -c %u -- "$d" 2>/dev/null)" = "$1" ] && echo "${d#/proc/}"; done
  return 0
}

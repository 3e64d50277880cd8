# shellcheck shell=bash
# STAND-IN for kit-oc's lib/openclaw.sh, which is not on main yet: only the functions these three steps call, with
# the names and behaviour of the kit contract (/work/wt/KIT-CONTRACT.md). Replace the include with openclaw.sh
# when it lands; nothing else in the steps changes.

# ocss_oc_user: the OpenClaw account (OCSS_OC_USER; else the distribution's default user on WSL, else "openclaw").
ocss_oc_user() {
  local u=${OCSS_OC_USER:-}
  if [ -z "$u" ]; then
    if grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then u=$(ocss_login_user); else u=openclaw; fi
  fi
  case "$u" in
    ''|-*|*[!a-z0-9_.-]*) echo "The OpenClaw account name \"$u\" is not a valid user name. Choose the account in the \"OpenClaw account\" step." >&2; return 2 ;;
  esac
  getent passwd "$u" >/dev/null || { echo "There is no account \"$u\" on this machine. Apply the \"OpenClaw account\" step first." >&2; return 2; }
  printf '%s\n' "$u"
}
ocss_oc_home() { local u; u=$(ocss_oc_user) || return; getent passwd "$u" | cut -d: -f6; }
ocss_oc_uid() { local u; u=$(ocss_oc_user) || return; id -u -- "$u"; }

# _ocss_oc_as -- CMD...: CMD as the account with a clean login environment (real HOME, the account's PATH, its runtime
# dir and user bus when present); stdin passes through. ocss_oc ARGS... = `openclaw ARGS...` that way.
_ocss_oc_as() {
  [ "${1:-}" != -- ] || shift
  local user home uid
  user=$(ocss_oc_user) || return; home=$(ocss_oc_home); uid=$(ocss_oc_uid)
  local -a envs=(HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8 XDG_RUNTIME_DIR="/run/user/$uid"
    PATH="$home/.local/bin:$home/.local/share/openclaw-secure-setup/node/current/bin:$home/.npm-global/bin:/usr/local/bin:/usr/bin:/bin")
  [ -S "/run/user/$uid/bus" ] && envs+=(DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus")
  (cd "$home" && runuser -u "$user" -- env -i "${envs[@]}" "$@")
}
ocss_oc() { _ocss_oc_as -- openclaw "$@"; }

# ocss_new_token: 64 characters of base64url from the kernel's CSPRNG, on stdout (pipe it; never put it in argv).
ocss_new_token() { head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_'; }

# ocss_oc_secret_set NAME: the value on stdin into OpenClaw's secret store, always --kind secret.
ocss_oc_secret_set() { ocss_oc secrets store set "$1" --kind secret --value-file - >/dev/null; }

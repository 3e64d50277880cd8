# shellcheck shell=bash
# LOCAL STAND-IN for the parts of lib/openclaw.sh (branch kit-oc) that the steps openclaw-account and openclaw-install
# need before it lands: ocss_oc_user, ocss_oc_home, ocss_oc_uid, and ocss_as_oc (any command as the account, with the
# environment ocss_oc uses). Same names and behaviour as KIT-CONTRACT.md; the lead replaces this include with
# openclaw.sh when kit-oc is merged. Written into the scripts by step.ts (needs lib/wsl-conf.sh and lib/user-bus.sh for
# ocss_login_user). ocss_target_kind is this step's own (wsl or ssh).

# ocss_target_kind: "wsl" inside a WSL distribution (wsl.exe sets WSL_DISTRO_NAME; the kernel name says
# microsoft-standard-WSL2 even when interop is off), else "ssh".
ocss_target_kind() {
  if [ -n "${WSL_DISTRO_NAME:-}" ] || grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then echo wsl; else echo ssh; fi
}

# ocss_oc_user: the OpenClaw account. OCSS_OC_USER when set (validated), else on WSL the distribution's default
# user, else "openclaw". Status 2 with a message for a name that is not a plain user name.
ocss_oc_user() {
  local u=${OCSS_OC_USER:-}
  if [ -z "$u" ]; then
    if [ "$(ocss_target_kind)" = wsl ]; then u=$(ocss_login_user); else u=openclaw; fi
  fi
  if [[ ! "$u" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then
    echo "\"$u\" is not a plain user name (lower-case letters, digits, _ and -, at most 32). Choose another OpenClaw account." >&2
    return 2
  fi
  printf '%s\n' "$u"
}

# ocss_oc_home / ocss_oc_uid: from the account's passwd entry (status 1 when there is no such account).
ocss_oc_home() { local u; u=$(ocss_oc_user) || return; getent passwd "$u" | cut -d: -f6 | grep .; }
ocss_oc_uid() { local u; u=$(ocss_oc_user) || return; getent passwd "$u" | cut -d: -f3 | grep .; }

# ocss_as_oc CMD ARGS...: CMD as the OpenClaw account (runuser -u, env -i), with its real home and the PATH of the
# kit's ocss_oc; stdin and the terminal pass through. Root never runs the account's programs itself.
ocss_as_oc() {
  local u home uid
  u=$(ocss_oc_user) || return
  home=$(ocss_oc_home) || { echo "There is no user \"$u\" on this machine." >&2; return 2; }
  uid=$(ocss_oc_uid)
  local -a env=(HOME="$home" USER="$u" LOGNAME="$u" LC_ALL=C.UTF-8 TERM="${TERM:-dumb}"
    PATH="$home/.local/bin:$home/.local/share/openclaw-secure-setup/node/current/bin:$home/.npm-global/bin:/usr/local/bin:/usr/bin:/bin"
    XDG_RUNTIME_DIR="/run/user/$uid")
  [ -S "/run/user/$uid/bus" ] && env+=(DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus")
  (cd "$home" && runuser -u "$u" -- env -i "${env[@]}" "$@")
}

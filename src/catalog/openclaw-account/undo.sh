#!/bin/bash
# shellcheck disable=SC2154 # ocss_acct_* values are set by account.sh, which step.ts writes in at "# @include account.sh"
# Undo of "The OpenClaw account", from what apply recorded in /var/lib/openclaw-secure-setup/state/openclaw-account.json.
# A user this step created is removed (with its home) only when it runs no process and its home holds no OpenClaw
# config, state or install; otherwise nothing is removed and the reason is printed. An adopted account gets back
# exactly what apply changed: its admin groups, its home's mode (unless changed again since) and linger (unless a
# gateway service of the account is enabled: the gateway-service step needs it).
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$1" >&2; [ -z "${2:-}" ] || printf '%s\n' "$2" >&2; exit "${3:-1}"; }
# @include account.sh

user=$(ocss_acct_get user)
if [ -z "$user" ]; then say 'Nothing to undo: this step did not set up an OpenClaw account here'; exit 0; fi
uid=$(ocss_acct_get uid)
created=$(ocss_acct_get created)
before=$(ocss_acct_get homeModeBefore)
removed=$(ocss_acct_get groupsRemoved)
linger=$(ocss_acct_get lingerEnabled)
if ! getent passwd "$user" >/dev/null; then
  say "$user no longer exists; forgetting what this step recorded"
  rm -f -- "$ocss_acct_state"
  rmdir --ignore-fail-on-non-empty -- "${ocss_acct_state%/*}"
  exit 0
fi
[ "$(id -u -- "$user")" = "$uid" ] || die "$user now has user id $(id -u -- "$user"), not $uid as when this step set it up: it is another account of the same name." "Nothing was changed. Remove $ocss_acct_state by hand if that is what you want."
home=$(getent passwd "$user" | cut -d: -f6)

if [ "$created" = true ]; then
  procs=$(ocss_acct_procs "$uid")
  if [ -n "$procs" ]; then
    printf '%s\n' "$procs" | sed 's/^/    pid /'
    die "$user still runs the processes above; the account was not removed." "Stop them first (undo the gateway service step, or: systemctl --user -M $user@ stop openclaw-gateway; loginctl terminate-user $user), then undo again."
  fi
  for keep in .openclaw .local/share/openclaw-secure-setup .local/lib/node_modules/openclaw; do
    if [ -e "$home/$keep" ]; then
      die "$home/$keep still exists; the account was not removed." "That is OpenClaw's config, state or install. Undo \"Install OpenClaw\" and the OpenClaw steps first, or move $home/$keep somewhere safe, then undo again."
    fi
  done
  if [ "$(ocss_acct_linger_state "$user")" = on ]; then
    say "Turning linger off for $user and stopping its user manager (no program of the account runs)"
    loginctl disable-linger "$user" || true
  fi
  if [ -n "$(ocss_acct_user_up "$uid")" ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then
    # logind would stop it only after UserStopDelaySec (10 s); the account has no session and no program running.
    systemctl stop "user@$uid.service" 2>/dev/null || true
    for _ in $(seq 1 40); do [ -z "$(ocss_acct_user_up "$uid")" ] && break; sleep 0.25; done
  fi
  say "Removing the user $user and its home $home (created by this step)"
  userdel --remove -- "$user" 2>&1 | grep -v 'mail spool' >&2 || true
  getent passwd "$user" >/dev/null && die "userdel could not remove $user." 'Read the message above, fix the cause, and undo again.'
  if getent group "$user" >/dev/null && [ -z "$(getent group "$user" | cut -d: -f4)" ]; then groupdel -- "$user" || true; fi
else
  say "$user was adopted, not created: giving back what this step changed"
  for g in ${removed//,/ }; do
    if getent group "$g" >/dev/null; then say "Adding $user to the group $g again"; gpasswd -a "$user" "$g" >/dev/null
    else say "The group $g no longer exists; $user is not added back to it"; fi
  done
  if [ -n "$before" ]; then
    mode=$(stat -c %a -- "$home")
    if [ "$mode" = 700 ]; then say "Setting $home back to $before"; chmod "$before" -- "$home"
    else say "Kept your later change: $home is $mode now (this step had set 700; it was $before)"; fi
  fi
  if [ "$linger" = true ] && [ "$(ocss_acct_linger_state "$user")" = on ]; then
    if compgen -G "$home/.config/systemd/user/*.target.wants/openclaw-gateway*.service" >/dev/null; then
      say "Keeping linger on for $user: its OpenClaw gateway service is enabled and needs it (undo the gateway service step first to turn it off)"
    else
      say "Turning linger off for $user again"
      loginctl disable-linger "$user"
    fi
  fi
fi
rm -f -- "$ocss_acct_state"
rmdir --ignore-fail-on-non-empty -- "${ocss_acct_state%/*}"
say 'Done'

#!/bin/bash
# shellcheck disable=SC2154 # ocss_acct_* values are set by account.sh, which step.ts writes in at "# @include account.sh"
# The OpenClaw account. SSH: a dedicated user (default "openclaw"; created when missing: locked password, shell
# nologin, home 700), never the account the app logs in as. WSL: the distribution's default user. Either way the
# account gets no sudo (removed from the sudo/admin/wheel groups; a sudoers rule naming it stops the step) and, when
# systemd is PID 1, linger (so its user manager runs without a login). OC_USER adopts an existing account instead.
# What this changes is recorded root-only in /var/lib/openclaw-secure-setup/state/openclaw-account.json for undo.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$1" >&2; [ -z "${2:-}" ] || printf '%s\n' "$2" >&2; exit "${3:-1}"; }
# @include openclaw.sh
# @include discover.sh
# @include account.sh

# This step's own input wins over the saved account the service passes to every job.
export OCSS_OC_USER="${OCSS_IN_OC_USER:-${OCSS_OC_USER:-}}"
user=$(ocss_oc_user) || exit 2
kind=$(ocss_target_kind)
login=$(ocss_acct_login_user)

say 'OpenClaw installs found on this machine:'
ocss_acct_installs

[ "$user" != root ] || die 'The OpenClaw account cannot be root.' 'Leave the account field empty (the dedicated "openclaw" user) or name a normal user.' 2
if [ "$kind" = ssh ] && [ "$user" = "$login" ]; then
  die "Refusing to use $user, the account this app logs in as, for OpenClaw." \
    "Whatever runs as OpenClaw's account can capture a sudo password typed in that account's sessions and forge what the checks report (docs/sudo-and-the-login-account.md). Leave the account field empty to get the dedicated \"openclaw\" user, or name another user; keep $user for administration." 2
fi
recorded=$(ocss_acct_get user)
if [ -n "$recorded" ] && [ "$recorded" != "$user" ]; then
  die "This step already set up $recorded as the OpenClaw account." "Undo this step first (it restores $recorded), then apply it again with $user." 2
fi

created=$(ocss_acct_get created)
[ -n "$created" ] || created=false
if getent passwd "$user" >/dev/null; then
  uid=$(id -u -- "$user")
  [ "$uid" != 0 ] || die "$user has user id 0: it is root under another name." 'Choose another account.' 2
  if [ "$created" = true ]; then say "$user exists (created by this step earlier)"; else say "Adopting the existing account $user (uid $uid)"; fi
elif [ "$kind" = wsl ]; then
  die "There is no user \"$user\" in this distribution." "On WSL the OpenClaw account is the distribution's default user ([user] default= in /etc/wsl.conf, else uid 1000). Leave the field empty, or create the user first (wsl.exe -u root adduser NAME)." 2
else
  say "Creating the user $user: own group, home /home/$user (700), no password, shell /usr/sbin/nologin, no sudo"
  useradd --create-home --home-dir "/home/$user" --shell /usr/sbin/nologin --user-group --comment 'OpenClaw (OpenClaw Secure Setup)' -- "$user" ||
    die "useradd could not create $user (exit $?)." 'Read the message above (a group of that name, or a full /home?), fix it, and apply again.'
  created=true
  uid=$(id -u -- "$user")
fi
home=$(getent passwd "$user" | cut -d: -f6)
# Recorded before the first change, so that undo works even if a later part stops.
before=$(ocss_acct_get homeModeBefore)
removed=$(ocss_acct_get groupsRemoved)
linger=$(ocss_acct_get lingerEnabled)
[ -n "$linger" ] || linger=false
ocss_acct_put "$user" "$uid" "$created" "$before" "$removed" "$linger"

{ [ -d "$home" ] && [ ! -L "$home" ]; } || die "The home folder of $user, $home, does not exist (or is a symbolic link)." "Create it as a real folder owned by $user (mkdir -m 700 $home; chown $user: $home), or choose another account."
owner=$(stat -c %U -- "$home")
[ "$owner" = "$user" ] || die "$home belongs to $owner, not to $user." "OpenClaw's config and keys live there, so only $user may own it: chown $user: \"$home\" (by hand: check what else lives there), or choose another account."
mode=$(stat -c %a -- "$home")
if [ "$mode" = 700 ]; then say "$home is already 700 (only $user can enter it)"
else
  say "$home is $mode: setting 700, so other accounts cannot read OpenClaw's config and keys"
  [ -n "$before" ] || before=$mode
  chmod 700 -- "$home"
  ocss_acct_put "$user" "$uid" "$created" "$before" "$removed" "$linger"
fi

for g in $(ocss_acct_admin_member "$user"); do
  if [ "$(id -gn -- "$user")" = "$g" ]; then
    die "$g is the primary group of $user, which gives it admin rights." "Give $user another primary group (usermod -g $user $user after groupadd $user), then apply again."
  fi
  say "Removing $user from the group $g (sudo rights)"
  gpasswd -d "$user" "$g" >/dev/null
  case ",$removed," in *",$g,"*) ;; *) removed=${removed:+$removed,}$g ;; esac
  ocss_acct_put "$user" "$uid" "$created" "$before" "$removed" "$linger"
done
if [ "$kind" = wsl ] && [ -n "$removed" ]; then say "For admin work in this distribution use: wsl.exe -d ${WSL_DISTRO_NAME:-<distro>} -u root"; fi
rights=$(ocss_acct_sudo_rights "$user")
if [ -n "$rights" ]; then
  printf '%s\n' "$rights" | sed 's/^/    /'
  die "sudo still lets $user run the commands above." "A rule in /etc/sudoers or /etc/sudoers.d names $user (or a group it is in): find it with grep -rn $user /etc/sudoers /etc/sudoers.d, remove it with visudo, then apply again."
fi
say "$user has no sudo rights (sudo -l -U $user lists nothing)"

case "$(ocss_acct_linger_state "$user")" in
  on) say "Linger is already on for $user (its user manager runs without a login)" ;;
  off)
    say "Turning linger on for $user (loginctl enable-linger), so its user manager and the gateway run without a login"
    loginctl enable-linger "$user" || die "loginctl enable-linger $user failed (exit $?)." 'Read the message above; check that systemd-logind runs (systemctl status systemd-logind), then apply again.'
    linger=true
    ocss_acct_put "$user" "$uid" "$created" "$before" "$removed" "$linger" ;;
  *) say 'systemd is not PID 1 here: no linger (the gateway service needs systemd; on WSL apply "systemd in WSL" first)' ;;
esac
say "OpenClaw account: $user (uid $uid, home $home)"

#!/bin/bash
# Undo of "Health monitoring": stops and disables the account's timer, then removes exactly what apply recorded in
# /var/lib/openclaw-secure-setup/state/health-ping.list (the units, the job script, the ping URL file, the folders it
# made) and the job's status file, and puts back every file apply replaced. A URL file that was there before is kept.
# shellcheck disable=SC2154 # hp_* and OCSS_HP_* are set by health-ping-units.sh, written in at its include line
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include health-ping-units.sh

ocss_oc_user >/dev/null || exit 2
uid=$(ocss_oc_uid) || exit 2
ocss_hp_paths || exit 2
if [ ! -f "$OCSS_HP_RECORD" ]; then
  say 'The health ping was not installed by this app here (no record): nothing to undo'
  exit 0
fi
if [ -S "/run/user/$uid/bus" ]; then
  say 'Stopping and disabling ocss-health-ping.timer'
  _ocss_oc_user_systemctl disable --now ocss-health-ping.timer 2>&1 || true
  _ocss_oc_user_systemctl stop ocss-health-ping.service 2>&1 || true
fi
# The job's own status file (written by each run, not by apply).
[ -L "$hp_status" ] || [ ! -e "$hp_status" ] || ocss_as_oc /bin/rm -f -- "$hp_status"
# Newest first: files, then the folders they were in.
tac "$OCSS_HP_RECORD" | while read -r kind path; do
  case "$kind" in
    file)
      [ -e "$path" ] || [ -L "$path" ] || continue
      say "Removing $path"
      ocss_as_oc /bin/rm -f -- "$path" ;;
    backup)
      b=$OCSS_HP_BACKUP/$(printf '%s' "$path" | sha256sum | cut -c1-16)
      [ -f "$b" ] || die "The backup of $path is missing ($b); nothing more was undone."
      say "Putting back $path as it was before apply"
      # shellcheck disable=SC2016 # the inner script's own arguments
      ocss_as_oc /bin/sh -c 'umask 077 && /bin/cat >"$1.ocss-tmp" && /bin/mv -f "$1.ocss-tmp" "$1"' sh "$path" <"$b"
      mode=$(cat -- "$b.mode" 2>/dev/null || echo 600)
      [[ "$mode" =~ ^[0-7]{3,4}$ ]] || mode=600
      ocss_as_oc /bin/chmod "$mode" -- "$path"
      rm -f -- "$b" "$b.path" "$b.mode" ;;
    bin)
      say "Removing $path"
      rm -f -- "$path" ;;
    libdir) rmdir -- "$path" 2>/dev/null || say "Keeping $path: it holds other files" ;;
    dir) [ -L "$path" ] || [ ! -d "$path" ] || ocss_as_oc /bin/rmdir -- "$path" 2>/dev/null || say "Keeping $path: it holds other files" ;;
  esac
done
[ ! -S "/run/user/$uid/bus" ] || _ocss_oc_user_systemctl daemon-reload 2>&1 || true
_ocss_oc_user_systemctl reset-failed ocss-health-ping.service ocss-health-ping.timer >/dev/null 2>&1 || true
rm -f -- "$OCSS_HP_RECORD"
# The app's own folders, when nothing else is left in them.
for d in "$OCSS_HP_BACKUP" /var/lib/openclaw-secure-setup/backup /var/lib/openclaw-secure-setup/state /var/lib/openclaw-secure-setup; do rmdir -- "$d" 2>/dev/null || true; done
say 'Health ping removed: no timer, no job script, no status file; a ping URL file you had before is kept'

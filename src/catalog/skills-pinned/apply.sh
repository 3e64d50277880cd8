#!/bin/bash
# Pinned skills (layer 10): lists the skills from outside the OpenClaw package (OpenClaw's own list, run as the
# account), shows each one with its version and source, then pins each at the exact version it is installed at (its
# origin.json's installedVersion, else the version in its SKILL.md) in the workspace's ClawHub lock file
# (<workspace>/.clawhub/lock.json, {"version": 1, "skills": {...}}). Other entries are kept as they are. The file is
# written by the account (600); what undo needs is kept in ~/.openclaw/.ocss-undo/skills-pinned.* first. A skill with
# no exact version of its own stops the step before anything is written.
# @include prelude.sh
# @include openclaw.sh
# @include skills.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home) || exit 2
_ocss_oc_require || exit 2
[ -x /usr/bin/python3 ] || die 'This step reads the skill folders with /usr/bin/python3, which this machine lacks: install python3 (apt-get install python3), then apply again. Nothing was changed.'
tmp=$(mktemp -d) || die 'Could not make a temporary folder. Nothing was changed.'
trap 'rm -rf -- "$tmp"' EXIT

say "Listing the installed skills: openclaw skills list --json (as $user)"
ocss_skills_list "$tmp/list.json" || die "\"openclaw skills list --json\" failed as $user: run it by hand as $user to see why. Nothing was changed."
plan=$(ocss_skills_py plan "$tmp/list.json") || die 'Could not read the skills and the lock file (skills.py failed). Nothing was changed.'
lockpath='' result='' refused=''
say 'Skills from outside the OpenClaw package (the bundled ones are part of OpenClaw and not counted):'
while IFS= read -r line; do
  case "$line" in
    lockpath\ *) lockpath=${line#lockpath } ;;
    show\ *) printf '    %s\n' "${line#show }" ;;
    refuse\ *) refused+="${line#refuse }"$'\n' ;;
    result\ *) result=${line#result } ;;
    lockb64\ *) printf '%s' "${line#lockb64 }" | base64 -d >"$tmp/lock.json" || die 'The planner gave an unreadable lock file. Nothing was changed.' ;;
  esac
done <<<"$plan"
if [ "$result" = refuse ]; then
  printf '%s' "$refused" >&2
  die 'Nothing was changed.'
fi
[ "$result" = unchanged ] && { say "Nothing to change: ${lockpath:-the lock file} already pins every skill from outside OpenClaw"; exit 0; }
{ [ "$result" = changed ] && [ -s "$tmp/lock.json" ]; } || die "Unexpected answer from the planner (\"$result\"). Nothing was changed."
case "$lockpath" in /*/.clawhub/lock.json | /*/.clawdhub/lock.json) ;; *) die "Unexpected lock file path \"$lockpath\". Nothing was changed." ;; esac

# What undo needs, kept once (a later apply keeps the first record): the earlier lock file (600 here; its own mode and
# time noted), or a note that there was none.
undo=$home/.openclaw/.ocss-undo
# shellcheck disable=SC2016 # expanded by the account's sh
ocss_as_oc sh -c 'umask 077; set -e; mkdir -p -- "$1"; chmod 700 -- "$1"
  [ ! -e "$1/skills-pinned.path" ] || exit 0
  if [ -L "$2" ]; then echo "$2 is a symlink; not touched." >&2; exit 1; fi
  if [ -f "$2" ]; then cp -- "$2" "$1/skills-pinned.lock"; touch -r "$2" -- "$1/skills-pinned.lock"; stat -c %a -- "$2" >"$1/skills-pinned.mode"
  else : >"$1/skills-pinned.none"; fi
  printf "%s\n" "$2" >"$1/skills-pinned.path"' ocss-undo "$undo" "$lockpath" || die 'Could not keep the earlier lock file for undo. Nothing was changed.'

say "Writing $lockpath (as $user, mode 600)"
# shellcheck disable=SC2016 # expanded by the account's sh
ocss_as_oc sh -c 'umask 077; set -e; d=${1%/*}; [ -d "$d" ] || { mkdir -p -- "$d"; chmod 700 -- "$d"; }
  if [ -L "$1" ]; then echo "$1 is a symlink; not touched." >&2; exit 1; fi
  cat >"$1.ocss-tmp"; chmod 600 -- "$1.ocss-tmp"; mv -f -- "$1.ocss-tmp" "$1"' ocss-pin "$lockpath" <"$tmp/lock.json" || die "Writing $lockpath failed."
# shellcheck disable=SC2016 # expanded by the account's sh
sha256sum <"$tmp/lock.json" | cut -d' ' -f1 | ocss_as_oc sh -c 'umask 077; cat >"$1/skills-pinned.sha256"' ocss-undo "$undo"
say 'Done: every skill from outside OpenClaw is pinned to the exact version it is installed at'

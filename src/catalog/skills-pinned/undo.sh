#!/bin/bash
# Undo of "Pinned skills": puts back the lock file as it was before the first apply (the copy in
# ~/.openclaw/.ocss-undo/skills-pinned.lock, its mode and time as they were), or removes it when there was none, but only while
# it is still the file this step wrote: a lock file changed since (by hand, or by installing a skill) is kept.
# @include prelude.sh
# @include openclaw.sh
ocss_oc_user >/dev/null || exit 2
home=$(ocss_oc_home) || exit 2
undo=$home/.openclaw/.ocss-undo
drop() {
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'rm -f -- "$1"/skills-pinned.lock "$1"/skills-pinned.mode "$1"/skills-pinned.none "$1"/skills-pinned.path "$1"/skills-pinned.sha256; rmdir -- "$1" 2>/dev/null; true' ocss-undo "$undo"
}
if [ ! -f "$undo/skills-pinned.path" ] || [ -L "$undo/skills-pinned.path" ]; then
  say 'Nothing to undo: this step never changed a lock file here'
  exit 0
fi
# The record and the lock file are the account's: read as the account (root must not follow a link swapped in).
lockpath=$(ocss_as_oc head -n 1 -- "$undo/skills-pinned.path")
case "$lockpath" in /*/.clawhub/lock.json | /*/.clawdhub/lock.json) ;; *) echo 'The undo record names an unexpected file; nothing was changed.' >&2; exit 1 ;; esac
want=$(ocss_as_oc head -c 64 -- "$undo/skills-pinned.sha256" 2>/dev/null || true)
now=''
if [ -f "$lockpath" ] && [ ! -L "$lockpath" ]; then now=$(ocss_as_oc cat -- "$lockpath" | sha256sum | cut -d' ' -f1); fi
if [ -z "$now" ] || [ "$now" != "$want" ]; then
  say "Kept your later change to $lockpath (it is no longer the file this step wrote)"
  drop
  exit 0
fi
if [ -f "$undo/skills-pinned.lock" ]; then
  say "Restoring $lockpath as it was before this step"
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'set -e; umask 077; m=$(head -c 4 -- "$1/skills-pinned.mode" 2>/dev/null || echo 600); case $m in [0-7][0-7][0-7]) ;; *) m=600 ;; esac
    cp -- "$1/skills-pinned.lock" "$2.ocss-tmp"; chmod "$m" -- "$2.ocss-tmp"; touch -r "$1/skills-pinned.lock" -- "$2.ocss-tmp"; mv -f -- "$2.ocss-tmp" "$2"' ocss-undo "$undo" "$lockpath" || { echo "Restoring $lockpath failed; the undo record is kept." >&2; exit 1; }
else
  say "Removing $lockpath, which this step created"
  # shellcheck disable=SC2016 # expanded by the account's sh
  ocss_as_oc sh -c 'rm -f -- "$1" && { rmdir -- "${1%/*}" 2>/dev/null; true; }' ocss-undo "$lockpath" || { echo "Removing $lockpath failed; the undo record is kept." >&2; exit 1; }
fi
drop
say "Done: $lockpath is back as it was"

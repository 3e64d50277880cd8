#!/bin/bash
# shellcheck disable=SC2154 # ocss_inst_* values are set by install-lib.sh, which step.ts writes in at "# @include install-lib.sh"
# Undo of "Install OpenClaw": removes what the step installed (the openclaw package and its command from ~/.local,
# the Node folder, folders apply created when they are empty again), as the account. Never touches OpenClaw's config
# and state (~/.openclaw). Refuses while an OpenClaw gateway of the account runs on that Node.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$1" >&2; [ -z "${2:-}" ] || printf '%s\n' "$2" >&2; exit "${3:-1}"; }
# @include openclaw.sh
# @include install-lib.sh

user=$(ocss_inst_get user)
if [ -z "$user" ]; then say 'Nothing to undo: this step did not install OpenClaw here'; exit 0; fi
export OCSS_OC_USER=$user
home=$(getent passwd "$user" | cut -d: -f6) || home=
if [ -z "$home" ]; then say "$user no longer exists; forgetting what this step recorded"; rm -f -- "$ocss_inst_state"; exit 0; fi
uid=$(id -u -- "$user")
for d in /proc/[0-9]*; do
  [ "$(stat -c %u -- "$d" 2>/dev/null)" = "$uid" ] || continue
  exe=$(readlink -- "$d/exe" 2>/dev/null) || continue
  case "$exe" in "$home/.local/share/openclaw-secure-setup/node/"*)
    die "$user still runs $(tr '\0' ' ' <"$d/cmdline" | cut -c1-100) (pid ${d#/proc/}) on the Node this step installed." 'Stop it first (undo the gateway service step, or stop the gateway), then undo again.' ;;
  esac
done
pkg=$home/.local/lib/node_modules/openclaw
if [ -L "$home/.local/bin/openclaw" ] && [ "$(readlink -f -- "$home/.local/bin/openclaw")" = "$pkg/openclaw.mjs" ]; then
  say "Removing $home/.local/bin/openclaw"
  ocss_as_oc rm -f -- "$home/.local/bin/openclaw"
fi
if [ -e "$pkg" ]; then say "Removing $pkg"; ocss_as_oc rm -rf -- "$pkg"; fi
for d in "$home/.local/share/openclaw-secure-setup/node" "$home/.local/share/openclaw-secure-setup/npm-cache"; do
  if [ -e "$d" ]; then say "Removing $d"; ocss_as_oc rm -rf -- "$d"; fi
done
created=$(ocss_inst_get createdDirs)
for d in $(printf "%s\n" "${created//:/ }" | tr " " "\n" | sort -r); do
  [ -d "$home/$d" ] && ocss_as_oc rmdir --ignore-fail-on-non-empty -- "$home/$d"
done
rm -f -- "$ocss_inst_state"
# the app's root-only copy of the removed version's config schema (lib/openclaw.sh _ocss_oc_schema)
rm -rf -- /var/cache/openclaw-secure-setup/openclaw-schema
rmdir --ignore-fail-on-non-empty -- /var/cache/openclaw-secure-setup 2>/dev/null || true
rmdir --ignore-fail-on-non-empty -- "${ocss_inst_state%/*}"
[ -e "$home/.openclaw" ] && say "Kept $home/.openclaw (OpenClaw's config and state)"
say 'Done'

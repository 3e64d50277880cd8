#!/bin/bash
# Undo of "OpenClaw onboarding": nothing is deleted. The account's whole ~/.openclaw (config and .bak files,
# workspace, agents, sessions, the secret store) is moved, as the account, into one dated folder
# ~/.openclaw-undone/<UTC time>/, so the person's notes, sessions and agent files survive and moving the folder back
# restores the set-up exactly. Only the whole folder: OpenClaw attests the workspace in its state, and re-onboarding
# refuses ("workspace appears to have disappeared") when the workspace alone is moved away.
# Refused while the gateway service runs (it would restart into a missing config): undo that step first.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home)
oc="$home/.openclaw"
if [ ! -e "$oc/openclaw.json" ] && [ ! -L "$oc/openclaw.json" ]; then say "Nothing to undo: $user has no $oc/openclaw.json"; exit 0; fi
uid=$(ocss_oc_uid)
if [ -S "/run/user/$uid/bus" ] && ocss_user_systemctl "$user" is-active --quiet openclaw-gateway.service 2>/dev/null; then
  die "The OpenClaw gateway service is running for $user. Undo the \"Gateway service\" step first; this undo changed nothing."
fi
dest="$home/.openclaw-undone/$(date -u +%Y%m%dT%H%M%SZ)"
say "Moving $oc into $dest (nothing is deleted)"
_ocss_oc_as -- mkdir -p -m 700 -- "$dest"
_ocss_oc_as -- chmod 700 -- "$home/.openclaw-undone"
_ocss_oc_as -- mv -- "$oc" "$dest/.openclaw"
say "Done. To onboard again, Apply this step; to get this set-up back instead, move $dest/.openclaw back to $oc."

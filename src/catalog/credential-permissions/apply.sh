#!/bin/bash
# Owner-only modes on OpenClaw's credential files, as the OpenClaw account: the state folder ~/.openclaw and
# credentials/ lose their group and other bits (700), and openclaw.json (and its .bak files), auth-profiles.json,
# credentials/*, the session stores and the SQLite files too (600). OpenClaw's own 755 folders inside the 700 state
# folder (agents/, workspace/) and its plugin-skills/* symlinks stay as they are. A symlink at a credential path stops
# the step: chmod would follow it. Undo puts back exactly the modes this changed.
# @include prelude.sh
# @include openclaw.sh
home=$(ocss_oc_home)
state=$home/.openclaw
if [ -L "$state" ] || [ ! -d "$state" ]; then
  echo "$state is not a folder (missing, or a symlink). Onboard OpenClaw first (the \"Onboard OpenClaw\" step), then apply this again." >&2
  exit 2
fi
links=$(cd "$state" && _ocss_oc_cred_find '%y %p\n' | sed -n 's/^l //p')
if [ -n "$links" ]; then
  printf 'A credential path is a symlink: %s\n' "$links" >&2
  echo 'Replace each with the file or folder itself (OpenClaw'"'"'s audit flags these too); nothing was changed.' >&2
  exit 3
fi
say "Tightening the modes of OpenClaw's credential files, as $(ocss_oc_user)"
modes=$(cat <<'OCSS_MODES'
# @include modes.sh
OCSS_MODES
)
_ocss_oc_as -- bash -c "$(declare -f _ocss_oc_cred_find)
$modes" credential-permissions fix

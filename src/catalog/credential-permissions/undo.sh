#!/bin/bash
# Undo of the owner-only modes: each mode this step changed comes back, unless the path was changed again since.
# @include prelude.sh
# @include openclaw.sh
home=$(ocss_oc_home)
if [ -L "$home/.openclaw" ] || [ ! -d "$home/.openclaw" ]; then say 'Nothing to undo: there is no OpenClaw state folder'; exit 0; fi
modes=$(cat <<'OCSS_MODES'
# @include modes.sh
OCSS_MODES
)
_ocss_oc_as -- bash -c "$(declare -f _ocss_oc_cred_find)
$modes" credential-permissions undo

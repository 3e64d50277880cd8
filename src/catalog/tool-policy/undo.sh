#!/bin/bash
# Undo of "Tool policy": puts back the earlier values of exactly the keys this step wrote (tools.profile, tools.deny,
# tools.exec.mode, tools.fs.workspaceOnly, and a legacy tools.exec.security/ask the apply deleted); a key changed by
# hand since is kept and reported.
# tools.elevated.enabled is never touched here (it belongs to "Elevated tools off").
# @include prelude.sh
# @include openclaw.sh
ocss_oc_undo tool-policy
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then
  ocss_oc_restart_gateway 'Restarting the gateway so that it runs with the earlier tool policy'
fi

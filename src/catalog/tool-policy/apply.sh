#!/bin/bash
# Tool policy (layer 6): writes the chosen preset's tools.profile, tools.deny, tools.exec.mode (deleting the legacy
# tools.exec.security/ask, which OpenClaw refuses next to a mode) and tools.fs.workspaceOnly true, as the OpenClaw account
# (lib/openclaw.sh: schema check for the installed version, undo record, dry run, write only when something differs,
# validate). tools.elevated.enabled is the "Elevated tools off" step's key: this step requires it and never writes it.
# The presets are data (src/catalog/tool-policy/presets.ts), written in below as ocss_tp_patch.
# @include prelude.sh
# @include openclaw.sh
# @include tool-policy-presets.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 2; }

preset=${OCSS_IN_PRESET:-messaging}
patch=$(ocss_tp_patch "$preset" "${OCSS_IN_DENY_GROUPS:-}") || die 'Nothing was changed. Choose a preset (and, for custom, the groups to deny) in the step, then run it again.'
say "Preset: $preset"
if [ "$preset" = coding-sandbox ]; then
  # The coding tools only inside the sandbox: read agents.defaults.sandbox.mode from the machine, never from the app.
  mode=$(ocss_oc config get agents.defaults.sandbox.mode 2>/dev/null) || mode='unset (off)'
  [ "$mode" = all ] || die "agents.defaults.sandbox.mode is $mode, not \"all\": the coding preset would run commands and write files outside a sandbox. Apply the \"Docker sandbox\" step (sandbox mode all) first, or choose the messaging preset. Nothing was changed."
  say 'agents.defaults.sandbox.mode is "all": every session runs in the sandbox'
fi
ocss_oc_patch tool-policy <<<"$patch"
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then
  ocss_oc_restart_gateway 'Restarting the gateway so that it runs with the new tool policy'
  ocss_oc_audit
fi

#!/bin/bash
# Check for "Tool policy". Runs as root and reads files only (the facts of lib/openclaw.sh, shared by every OpenClaw
# check of a pass). The preset the person chose (a saved input) says which invariants to judge; the values judged all
# come from the machine's openclaw.json.
export LC_ALL=C
echo '### tool-policy-input'
case "${OCSS_IN_PRESET:-messaging}" in
  messaging | coding-sandbox | custom) echo "preset ${OCSS_IN_PRESET:-messaging}" ;;
  *) echo 'preset invalid' ;;
esac
if [[ "${OCSS_IN_DENY_GROUPS:-}" =~ ^[a-z:,]{1,1024}$ ]]; then echo "groups $OCSS_IN_DENY_GROUPS"; elif [ -n "${OCSS_IN_DENY_GROUPS:-}" ]; then echo 'groups invalid'; fi
# @include openclaw.sh
ocss_oc_facts

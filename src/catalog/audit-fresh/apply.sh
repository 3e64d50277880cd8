#!/bin/bash
# shellcheck disable=SC2154 # ocss_audit_stamp_dir is set by audit-stamp.sh, which step.ts writes in at "# @include"
# "Apply" of audit-fresh: runs OpenClaw's deep audit now, as the OpenClaw account (root starts /bin/bash as that
# account with runuser and a clean environment; it never runs the account's programs itself), prints its summary and
# findings, and records the run in the root-owned stamp the check reads. Changes nothing else.
set -euo pipefail
export LC_ALL=C
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# @include audit-stamp.sh
user=$(ocss_audit_account)
if [ "$user" = invalid ] || ! entry=$(getent passwd "$user"); then
  echo "There is no OpenClaw account \"$user\" on this machine, so there is nothing to audit. Set up the OpenClaw account and install OpenClaw first." >&2
  exit 3
fi
home=$(printf '%s' "$entry" | cut -d: -f6)
conf=$(ocss_audit_config_state "$home")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
say "Running openclaw security audit --deep --json as $user (takes a few seconds)"
rc=0
# shellcheck disable=SC2016 # a script for the account's bash: its $USER is expanded there
printf '%s\n' 'command -v openclaw >/dev/null || { echo "openclaw: command not found for $USER" >&2; exit 127; }' \
  'exec timeout 150 openclaw security audit --deep --json </dev/null' | ocss_audit_as_account "$user" >"$out" || rc=$?
if [ "$rc" != 0 ] || ! ocss_audit_report_ok "$out"; then
  echo "The audit gave no report (exit code $rc); nothing was recorded. Run \"openclaw security audit --deep\" as $user to see why." >&2
  exit 4
fi
ocss_audit_stamp_write "$user" "$conf"
# The summary and one line per finding (the report is pretty-printed JSON), read with awk: no program of the account's.
say "Result: $(awk '/"summary": [{]/ { s = 1; next } s && /[}]/ { s = 0 } s { gsub(/[ ,"]/, ""); printf "%s ", $0 }' "$out")"
awk -F'"' '/^ *"checkId": / { id = $4 } /^ *"severity": / { print "  " $4 " " id }' "$out"
say "Recorded in $ocss_audit_stamp_dir/last-audit-$user: the audit read openclaw.json $conf"

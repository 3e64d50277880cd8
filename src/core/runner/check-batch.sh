#!/bin/bash
# A whole re-check pass in one request, run as root over the root control channel: the job's files arrive as
# OCSS_FILE_<i>_NAME / OCSS_FILE_<i>_DATA parameters and are written straight into a fresh root-owned folder (no
# user-writable staging), verified and run by the same launcher as every job (OCSS_LAUNCH, manifest hash OCSS_HASH),
# and the results are printed like collect.sh prints them. Everything is removed afterwards.
# With OCSS_AUDIT_SCRIPT, OpenClaw's deep audit runs at the same time, as the OpenClaw account (OCSS_OC_USER; unset:
# the distribution's default user on WSL, else "openclaw"): root starts /bin/bash as that account with runuser and a
# clean environment, and never runs the account's own programs itself. Its output comes back as the "audit" part, and
# a finished report is recorded in the root-owned stamp that the check audit-fresh reads (lib/audit-stamp.sh).
set -u
umask 077
# @include audit-stamp.sh
case "$OCSS_JOB_ID" in '' | *[!a-f0-9]*) echo 'check batch: bad job id' >&2; exit 2 ;; esac
case "$OCSS_FILE_COUNT" in '' | *[!0-9]*) echo 'check batch: bad file count' >&2; exit 2 ;; esac
base=/var/lib/openclaw-secure-setup
mkdir -p "$base/stage" && chmod 755 "$base" && chmod 700 "$base/stage" || exit 90
dir=$(mktemp -d "$base/stage/job.XXXXXX") || exit 90
trap 'rm -rf "$dir" "$base/results/$OCSS_JOB_ID"' EXIT
i=0
while [ "$i" -lt "$OCSS_FILE_COUNT" ]; do
  name="OCSS_FILE_${i}_NAME"
  data="OCSS_FILE_${i}_DATA"
  case "${!name}" in '' | */* | .*) echo 'check batch: bad file name' >&2; exit 91 ;; esac
  printf '%s\n' "${!data}" >"$dir/${!name}"
  i=$((i + 1))
done
# The server port of this SSH connection (sudo dropped SSH_CONNECTION): from the nearest ancestor that has it.
p=$$
while [ -z "${OCSS_SSH_PORT:-}" ] && [ "$p" -gt 1 ] 2>/dev/null; do
  conn=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p' | head -n1)
  if [ -n "$conn" ]; then
    port=${conn##* }
    case "$port" in *[!0-9]* | '') ;; *) export OCSS_SSH_PORT="$port" ;; esac
  fi
  p=$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null || echo 0)
done
audit_pid='' audit_user=''
if [ -n "${OCSS_AUDIT_SCRIPT:-}" ]; then
  audit_user=$(ocss_audit_account)
  if [ "$audit_user" != invalid ] && entry=$(getent passwd "$audit_user"); then
    a_home=$(printf '%s' "$entry" | cut -d: -f6)
    printf '%s\n' "$OCSS_AUDIT_SCRIPT" >"$dir/audit.sh"
    # The config this audit reads, as root sees it before it starts (for the stamp audit-fresh checks).
    a_conf=$(ocss_audit_config_state "$a_home")
    ocss_audit_as_account "$audit_user" <"$dir/audit.sh" >"$dir/audit.out" 2>"$dir/audit.err" &
    audit_pid=$!
  fi
fi
bash -c "$OCSS_LAUNCH" ocss-job "$dir" "$OCSS_HASH" "$OCSS_JOB_ID" >/dev/null
echo "launch $?"
res="$base/results/$OCSS_JOB_ID"
while IFS=' ' read -r n _; do
  printf 'item %s %s\n' "$n" "$(cat "$res/$n.rc" 2>/dev/null || echo none)"
  if [ -f "$res/$n.out" ]; then base64 -w0 <"$res/$n.out"; fi
  printf '\n'
done <"$dir/job.list"
if [ -n "${OCSS_AUDIT_SCRIPT:-}" ]; then
  if [ -n "$audit_pid" ]; then
    wait "$audit_pid"
    a_rc=$?
    if [ "$a_rc" = 0 ] && grep -qx 'ocss-audit rc 0' "$dir/audit.out" && ocss_audit_report_ok "$dir/audit.out"; then
      ocss_audit_stamp_write "$audit_user" "$a_conf" || echo 'check batch: could not write the audit stamp' >&2
    fi
    printf 'audit %s %s\n' "$audit_user" "$a_rc"
    base64 -w0 <"$dir/audit.out"; printf '\n'
    tail -c 4000 "$dir/audit.err" | base64 -w0; printf '\n'
  else
    printf 'audit-none %s\n' "$audit_user"
  fi
fi

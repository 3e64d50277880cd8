#!/bin/bash
# Runs a job as root inside the folder job-launch.sh verified. job.list holds one item per line:
# "<n> <apply|undo|check|ACTION> <step-id> <title>"; job.env holds NAME=base64 parameters, exported as OCSS_NAME to
# every item; <n>.env (when present) holds that item's own step inputs, exported as OCSS_IN_NAME to that item only.
# check output is captured to <n>.out for evaluation; apply, undo and extra actions run with the terminal attached.
set -u
export LC_ALL=C
dir=$(cd "$(dirname "$0")" && pwd)
# The whole line, split at the first "=" (IFS='=' would drop a trailing "=" of the base64 padding).
while IFS= read -r l; do
  case "$l" in [A-Z]*=*) export "OCSS_${l%%=*}=$(printf %s "${l#*=}" | base64 -d)" ;; esac
done <"$dir/job.env"
export OCSS_FACTS_CACHE="$dir/oc-facts"
# One item's script, in a subshell that exports only that item's inputs.
run_item() {
  (
    if [ -f "$dir/$1.env" ]; then
      while IFS= read -r l; do
        case "$l" in [A-Z]*=*) export "OCSS_IN_${l%%=*}=$(printf %s "${l#*=}" | base64 -d)" ;; esac
      done <"$dir/$1.env"
    fi
    exec bash "$dir/$1.sh"
  )
}
# The app's sudo auto-answer stops at this line (RUNNER_STARTED in job.ts): keep it the first output.
printf '\033[2m--- running as root\033[0m\n'
status=0
while IFS=' ' read -r n action step title <&3; do
  case "$action" in
    check)
      printf '\033[2m--- checking: %s\033[0m\n' "$title"
      run_item "$n" >"$dir/$n.out" 2>&1 </dev/null 3<&-
      rc=$?
      ;;
    apply | undo | [a-z]*)
      if [ "$status" != 0 ]; then
        printf 'skipped %s of %s: an earlier action failed\n' "$action" "$title"
        echo skipped >"$dir/$n.rc"
        continue
      fi
      printf '\033[1;36m=== %s: %s (%s)\033[0m\n' "$action" "$title" "$step"
      run_item "$n" 3<&-
      rc=$?
      if [ "$rc" = 0 ]; then printf '\033[1;32m=== %s finished\033[0m\n' "$action"
      else printf '\033[1;31m=== %s failed with exit code %s\033[0m\n' "$action" "$rc"; status=$rc; fi
      ;;
    *) continue ;;
  esac
  echo "$rc" >"$dir/$n.rc"
done 3<"$dir/job.list"
exit "$status"

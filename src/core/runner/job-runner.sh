#!/bin/bash
# Runs a job as root inside the folder job-launch.sh verified. job.list holds one item per line:
# "<n> <apply|undo|check> <step-id> <title>"; job.env holds NAME=base64 parameters, exported as OCSS_NAME.
# apply/undo run with the terminal attached; check output is captured to <n>.out for evaluation.
set -u
export LC_ALL=C
dir=$(cd "$(dirname "$0")" && pwd)
# The whole line, split at the first "=" (IFS='=' would drop a trailing "=" of the base64 padding).
while IFS= read -r l; do
  case "$l" in [A-Z]*=*) export "OCSS_${l%%=*}=$(printf %s "${l#*=}" | base64 -d)" ;; esac
done <"$dir/job.env"
export OCSS_FACTS_CACHE="$dir/oc-facts"
# The app's sudo auto-answer stops at this line (RUNNER_STARTED in job.ts): keep it the first output.
printf '\033[2m--- running as root\033[0m\n'
status=0
while IFS=' ' read -r n action step title <&3; do
  case "$action" in
    check)
      printf '\033[2m--- checking: %s\033[0m\n' "$title"
      bash "$dir/$n.sh" >"$dir/$n.out" 2>&1 </dev/null 3<&-
      rc=$?
      ;;
    apply|undo)
      if [ "$status" != 0 ]; then
        printf 'skipped %s of %s: an earlier action failed\n' "$action" "$title"
        echo skipped >"$dir/$n.rc"
        continue
      fi
      printf '\033[1;36m=== %s: %s (%s)\033[0m\n' "$action" "$title" "$step"
      bash "$dir/$n.sh" 3<&-
      rc=$?
      if [ "$rc" = 0 ]; then printf '\033[1;32m=== %s finished\033[0m\n' "$action"
      else printf '\033[1;31m=== %s failed with exit code %s\033[0m\n' "$action" "$rc"; status=$rc; fi
      ;;
    *) continue ;;
  esac
  echo "$rc" >"$dir/$n.rc"
done 3<"$dir/job.list"
exit "$status"

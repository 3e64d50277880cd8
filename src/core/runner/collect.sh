#!/bin/bash
# Prints a job's results (exit code and base64 output per item) from the root-owned results folder,
# then deletes the staged job folder.
set -u
dir="$OCSS_JOB_DIR"
case "$dir" in "$HOME"/.cache/openclaw-secure-setup/jobs/*) ;; *) echo "refusing to read $dir" >&2; exit 2 ;; esac
case "$OCSS_JOB_ID" in '' | *[!a-f0-9]*) echo 'bad job id' >&2; exit 2 ;; esac
# Fixed: the login environment (~/.bashrc, ~/.ssh/environment) must not be able to point this at forged results.
res="/var/lib/openclaw-secure-setup/results/$OCSS_JOB_ID"
while IFS=' ' read -r n _; do
  printf 'item %s %s\n' "$n" "$(cat "$res/$n.rc" 2>/dev/null || echo none)"
  if [ -f "$res/$n.out" ]; then base64 -w0 <"$res/$n.out"; fi
  printf '\n'
done <"$dir/job.list"
rm -rf "$dir"

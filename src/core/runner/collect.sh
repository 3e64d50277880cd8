#!/bin/bash
# Prints the results of a job (exit code and base64 output per item), then deletes the job folder.
set -u
dir="$OCSS_JOB_DIR"
case "$dir" in "$HOME"/.cache/openclaw-secure-setup/jobs/*) ;; *) echo "refusing to read $dir" >&2; exit 2 ;; esac
while IFS=' ' read -r n action step title; do
  printf 'item %s %s\n' "$n" "$(cat "$dir/$n.rc" 2>/dev/null || echo none)"
  if [ -f "$dir/$n.out" ]; then base64 -w0 <"$dir/$n.out"; fi
  printf '\n'
done <"$dir/job.list"
rm -rf "$dir"

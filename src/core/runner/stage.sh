#!/bin/bash
# Writes a job's files into a private folder of the login user and prints its path.
# File names and contents arrive as OCSS_FILE_<i>_NAME / OCSS_FILE_<i>_DATA parameters.
set -eu
umask 077
base="$HOME/.cache/openclaw-secure-setup/jobs"
mkdir -p "$base"
chmod 700 "$HOME/.cache/openclaw-secure-setup" "$base"
find "$base" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
dir="$base/$OCSS_JOB_ID"
rm -rf "$dir"
mkdir "$dir"
i=0
while [ "$i" -lt "$OCSS_FILE_COUNT" ]; do
  name="OCSS_FILE_${i}_NAME"
  data="OCSS_FILE_${i}_DATA"
  printf '%s\n' "${!data}" >"$dir/${!name}"
  i=$((i + 1))
done
printf '%s\n' "$dir"

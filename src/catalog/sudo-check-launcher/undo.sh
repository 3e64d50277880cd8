#!/bin/bash
# shellcheck disable=SC2154 # the ocss_* paths are set by lib.sh, which step.ts writes in at "# @include lib.sh"
# Undo for the check-only sudo rule: puts back the drop-in, launcher and allowlist as they were before the first apply
# (removes them when there were none) and removes the folders apply created, if they are empty.
# The three files are this tool's own (named after it; its check accepts only their exact text), so undo takes them
# back even when they were edited since the apply: a NOPASSWD rule kept for a launcher that undo removes, or a
# launcher kept without its rule, would be a risk or dead weight. What changed since is shown first.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
step=sudo-check-launcher
backup=/var/lib/openclaw-secure-setup/backup/$step
# @include lib.sh

if [ ! -d "$backup" ]; then
  say 'Nothing to undo: this tool has not installed its sudo rule on this machine.'
  exit 0
fi
for f in "$ocss_dropin" "$ocss_launcher" "$ocss_allowlist"; do
  a=$backup/applied.$(basename "$f")
  if [ -f "$a" ] && ! cmp -s "$a" "$f" 2>/dev/null; then
    say "$f changed since the apply (undo takes it back all the same: it is this tool's own file):"
    if [ -e "$f" ]; then diff -u --label 'as the step left it' --label 'now' "$a" "$f" || true; else echo '    (removed since)'; fi
  fi
done
# The drop-in first: from here on the admin account needs its password again.
for f in "$ocss_dropin" "$ocss_launcher" "$ocss_allowlist"; do
  b=$backup/$(basename "$f")
  if [ "$(cat "$b.had")" = present ]; then
    say "Putting back the $f that was there before"
    cp -a "$b" "$f"
  else
    say "Removing $f"
    rm -f "$f"
  fi
done
for d in "${ocss_dirs[@]}"; do
  if [ "$(cat "$backup/$(ocss_dir_mark "$d")")" = absent ] && [ -d "$d" ]; then
    rmdir "$d" 2>/dev/null || say "Keeping $d: it holds other files"
  fi
done
if ! out=$(visudo -c 2>&1); then
  echo "Warning: visudo -c reports a problem in sudo's configuration (not in this tool's rule, which is gone): $out" >&2
fi
rm -rf "$backup"
# The backup folder itself when no other step keeps anything there.
rmdir "$(dirname "$backup")" 2>/dev/null || true
say 'The check-only sudo rule is gone: checks ask for the sudo password again.'

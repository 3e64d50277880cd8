#!/bin/bash
# shellcheck disable=SC2154 # the ocss_* paths are set by lib.sh, which step.ts writes in at "# @include lib.sh"
# Checks without a sudo password: writes the root-owned check launcher, the SHA-256 allowlist of this app version's
# checks (sent by the app as OCSS_CHECK_ALLOWLIST) and a sudoers drop-in that lets the admin account run ONLY that
# launcher as root without a password. The drop-in is validated with visudo -cf before it is moved into place.
# Run it again after an update of the app: it rewrites the allowlist for the new version's checks.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
step=sudo-check-launcher
backup=/var/lib/openclaw-secure-setup/backup/$step
# @include lib.sh

user=${SUDO_USER:-}
if [ -z "$user" ] || [ "$user" = root ]; then
  echo 'Run this step through sudo from the admin account you log in with, not as root: the rule is for that account.' >&2
  exit 3
fi
if ! [[ "$user" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then
  echo "Refusing the unusual user name \"$user\" in a sudoers rule; nothing was changed." >&2
  exit 3
fi
allow=${OCSS_CHECK_ALLOWLIST:-}
if [ -z "$allow" ] || grep -Evq '^[0-9a-f]{64}  [a-z][a-z0-9-]{1,47}$' <<<"$allow"; then
  echo 'The app did not send a valid list of its checks (OCSS_CHECK_ALLOWLIST); nothing was changed. Run this step from the app.' >&2
  exit 3
fi
if ! command -v visudo >/dev/null 2>&1; then
  echo 'visudo is missing (is sudo installed?); nothing was changed.' >&2
  exit 3
fi
if ! grep -Eq '^[@#]includedir[[:space:]]+/etc/sudoers\.d([[:space:]]|$)' /etc/sudoers; then
  echo '/etc/sudoers does not read /etc/sudoers.d (no @includedir line), so a drop-in would do nothing; nothing was changed.' >&2
  exit 3
fi

if [ ! -d "$backup" ]; then
  say "Saving the current state to $backup (Undo restores it)"
  rm -rf "$backup.tmp"
  install -d -m 700 "$(dirname "$backup")" "$backup.tmp"
  for f in "$ocss_dropin" "$ocss_launcher" "$ocss_allowlist"; do
    b=$backup.tmp/$(basename "$f")
    if [ -e "$f" ]; then cp -a "$f" "$b"; echo present >"$b.had"; else echo absent >"$b.had"; fi
  done
  for d in "${ocss_dirs[@]}"; do
    if [ -d "$d" ]; then echo present; else echo absent; fi >"$backup.tmp/$(ocss_dir_mark "$d")"
  done
  mv "$backup.tmp" "$backup"
else
  say "Earlier state already saved in $backup; keeping it"
fi

install -d -m 755 -o root -g root "$ocss_launcher_dir" "$ocss_allow_dir"
say "Writing the check launcher $ocss_launcher (root:root 755)"
ocss_launcher_text >"$ocss_launcher.tmp"
chown root:root "$ocss_launcher.tmp" && chmod 755 "$ocss_launcher.tmp" && mv -f "$ocss_launcher.tmp" "$ocss_launcher"
say "Writing the allowlist $ocss_allowlist: $(grep -c . <<<"$allow") checks of this app version (root:root 644)"
printf '%s\n' "$allow" >"$ocss_allowlist.tmp"
chown root:root "$ocss_allowlist.tmp" && chmod 644 "$ocss_allowlist.tmp" && mv -f "$ocss_allowlist.tmp" "$ocss_allowlist"

# A name with a dot: sudo skips it in /etc/sudoers.d while it is being checked.
tmp=/etc/sudoers.d/.openclaw-secure-setup.tmp
ocss_dropin_text "$user" >"$tmp"
chown root:root "$tmp" && chmod 440 "$tmp"
if ! out=$(visudo -cf "$tmp" 2>&1); then
  rm -f "$tmp"
  echo "visudo rejected the rule, so it was not installed: $out" >&2
  exit 5
fi
say "Writing $ocss_dropin (root:root 440, checked with visudo -cf)"
had=$(cat "$backup/$(basename "$ocss_dropin").had")
prev=$(mktemp)
if [ -e "$ocss_dropin" ]; then cp -a "$ocss_dropin" "$prev"; fi
mv -f "$tmp" "$ocss_dropin"
if ! out=$(visudo -c 2>&1); then
  if [ -s "$prev" ]; then cp -a "$prev" "$ocss_dropin"; elif [ "$had" = absent ]; then rm -f "$ocss_dropin"; fi
  rm -f "$prev"
  echo "sudo's whole configuration did not pass visudo -c with the rule, so it was taken out again: $out" >&2
  exit 5
fi
rm -f "$prev"
# The files as this step left them: undo shows what was changed in them since.
for f in "$ocss_dropin" "$ocss_launcher" "$ocss_allowlist"; do install -m 600 "$f" "$backup/applied.$(basename "$f")"; done
say "sudo -l -U $user now lists:"
sudo -n -l -U "$user" | grep -F "$ocss_launcher"
say "Done: $user may run only $ocss_launcher as root without a password, and it runs only the listed checks."

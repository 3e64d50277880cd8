#!/bin/bash
# shellcheck disable=SC2154 # ocss_inst_* values are set by install-lib.sh, which step.ts writes in at "# @include install-lib.sh"
# Check for "Install OpenClaw". Runs as root and reads files only: root never runs the account's node or openclaw,
# which the account can rewrite. Prints sections for evaluate() in step.ts (the pins are compared there).
# @include pins-note
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include openclaw.sh
# @include install-lib.sh
user=$(ocss_oc_user 2>/dev/null) || user=
home=
[ -z "$user" ] || home=$(getent passwd "$user" | cut -d: -f6)
echo '### account'
if [ -n "$home" ]; then printf '%s\t%s\n' "$user" "$home"; else echo "absent ${user:-?}"; exit 0; fi
base=$home/.local/share/openclaw-secure-setup/node
echo '### arch'
ocss_inst_arch || uname -m
echo '### node-current'
if [ -L "$base/current" ]; then readlink -- "$base/current"; else echo absent; fi
node=$base/current
echo '### node-version-h'
h=$node/include/node/node_version.h
if [ -f "$h" ] && [ ! -L "$h" ]; then
  printf '%s.%s.%s\n' "$(sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\).*/\1/p' "$h")" "$(sed -n 's/^#define NODE_MINOR_VERSION \([0-9]*\).*/\1/p' "$h")" "$(sed -n 's/^#define NODE_PATCH_VERSION \([0-9]*\).*/\1/p' "$h")"
else echo absent; fi
echo '### node-bin'
if [ -f "$node/bin/node" ] && [ ! -L "$node/bin/node" ]; then
  printf '%s %s %s\n' "$(stat -c '%U %a' -- "$node/bin/node")" "$(head -c 4 -- "$node/bin/node" | od -An -c | tr -d ' ')" "$(cat -- "$node/.ocss-tarball-sha256" 2>/dev/null || echo no-stamp)"
else echo absent; fi
pkg=$home/.local/lib/node_modules/openclaw
echo '### openclaw-version'
v=$(ocss_inst_version "$pkg/package.json"); echo "${v:-absent}"
echo '### openclaw-engines'
if [ -f "$pkg/package.json" ]; then grep -A4 '"engines"' -- "$pkg/package.json" | grep -o '"node"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n1 | sed 's/.*"\([^"]*\)"$/\1/'; fi
echo '### openclaw-bin'
if [ -e "$home/.local/bin/openclaw" ] || [ -L "$home/.local/bin/openclaw" ]; then readlink -f -- "$home/.local/bin/openclaw" || echo dangling; else echo absent; fi
# Owners and modes: the account's own files, not writable by group or others (symbolic links do not count).
echo '### folders'
tilde='~'
for d in "" .local .local/bin .local/lib .local/lib/node_modules .local/share .local/share/openclaw-secure-setup .local/share/openclaw-secure-setup/node; do
  [ -e "$home/$d" ] && printf '%s\t%s\n' "$(stat -c '%U %a' -- "$home/$d")" "$tilde/$d"
done
echo '### foreign-or-writable'
targets=()
[ -d "$base" ] && targets+=("$base")
[ -d "$pkg" ] && targets+=("$pkg")
if [ "${#targets[@]}" -gt 0 ]; then
  bad=$(find "${targets[@]}" -xdev ! -type l \( ! -user "$user" -o -perm /022 \) -printf '%u %m %p\n' 2>/dev/null)
  printf 'count %s\n' "$(printf '%s' "$bad" | grep -c . || true)"
  printf '%s\n' "$bad" | head -n 8
else echo 'count 0'; fi
true

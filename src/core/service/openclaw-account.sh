#!/bin/bash
# Read-only, as the login user: signs that OpenClaw is installed or runs as THIS account (core/service/openclaw-account.ts).
# Prints one "found <what>" line per sign.
export LC_ALL=C
h=$HOME
[ -d "$h/.openclaw" ] && echo 'found OpenClaw state folder ~/.openclaw'
for f in "$h"/.config/systemd/user/openclaw-gateway*.service; do
  [ -e "$f" ] && echo "found gateway service ~/${f#"$h"/}"
done
if p=$(command -v openclaw 2>/dev/null) && r=$(readlink -f "$p"); then
  case "$r" in "$h"/*) echo "found openclaw installed in the home folder (~/${r#"$h"/})" ;; esac
fi
for f in "$h/.local/bin/openclaw" "$h/.npm-global/bin/openclaw" "$h/openclaw/openclaw.mjs"; do
  [ -e "$f" ] && echo "found openclaw installed in the home folder (~/${f#"$h"/})"
done
for d in /proc/[0-9]*; do
  [ -O "$d" ] || continue
  c=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || continue
  case "$c" in *openclaw*gateway*) echo "found a running OpenClaw gateway process owned by this account (pid ${d#/proc/}: ${c:0:100})" ;; esac
done
true

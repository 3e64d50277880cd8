#!/bin/bash
# Read-only, as the login user, right before the app sends a sudo password (core/targets/sudo-guard.ts): prints the
# parts of this account's SSH set-up that see a session's stdin before sudo does. Advisory only: it runs as the very
# account it looks at. Sections: authorized-keys (file/line records), rc, environment, permit-user-environment.
export LC_ALL=C
set -f
h=$HOME
# sshd uses the first value it reads; Debian and Ubuntu include sshd_config.d/*.conf at the top of sshd_config.
first() {
  cat /etc/ssh/sshd_config.d/*.conf /etc/ssh/sshd_config 2>/dev/null |
    awk -v k="$1" 'tolower($1) == "match" { m = 1 } !m && tolower($1) == k { $1 = ""; sub(/^[ \t]+/, ""); print; exit }'
}
files=$(first authorizedkeysfile)
[ -n "$files" ] || files='.ssh/authorized_keys .ssh/authorized_keys2'
echo '### authorized-keys'
for f in $files; do
  [ "$f" = none ] && continue
  f=${f//%%/$'\001'} f=${f//%h/$h} f=${f//%u/$(id -un)} f=${f//%U/$(id -u)} f=${f//$'\001'/%}
  case "$f" in /*) ;; *) f=$h/$f ;; esac
  [ -f "$f" ] || continue
  printf 'file %s\n' "$f"
  while IFS= read -r l || [ -n "$l" ]; do printf 'line %s\n' "$l"; done <"$f"
done
echo '### rc'
if [ -e "$h/.ssh/rc" ]; then echo present; else echo absent; fi
echo '### environment'
if [ -e "$h/.ssh/environment" ]; then echo present; else echo absent; fi
echo '### permit-user-environment'
v=$(first permituserenvironment)
echo "${v:-no}"

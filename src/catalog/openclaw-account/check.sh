#!/bin/bash
# Check for "The OpenClaw account". Runs as root; reads files and sudo's rules only (nothing runs as the account).
# Prints sections for evaluate() in step.ts: the account, its home, groups, what `sudo -l -U` allows it, linger,
# what this step recorded, and every OpenClaw install found on the machine (account, version, how it runs).
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include openclaw.sh
# @include discover.sh
# @include account.sh
export OCSS_OC_USER="${OCSS_IN_OC_USER:-${OCSS_OC_USER:-}}"
echo '### target'
ocss_target_kind
echo '### login-user'
ocss_acct_login_user
echo '### oc-user'
if user=$(ocss_oc_user 2>&1); then echo "$user"; else echo "invalid $user"; user=; fi
echo '### account'
if [ -n "$user" ] && e=$(getent passwd "$user"); then
  IFS=: read -r _ _ uid gid _ home shell <<<"$e"
  printf 'uid=%s\tgid=%s\thome=%s\tshell=%s\n' "$uid" "$gid" "$home" "$shell"
else echo absent; user=; fi
echo '### home'
if [ -z "$user" ]; then echo none
elif [ -L "$home" ]; then echo link
elif [ -d "$home" ]; then stat -c '%a %U:%G' -- "$home"
else echo absent; fi
echo '### groups'
[ -z "$user" ] || id -nG -- "$user"
echo '### sudo-l'
if [ -z "$user" ]; then :
elif ! command -v sudo >/dev/null 2>&1; then echo 'sudo is not installed'
else sudo -n -l -U "$user" 2>&1 | head -n 40; fi
echo '### linger'
if [ -n "$user" ]; then ocss_acct_linger_state "$user"; else echo none; fi
echo '### recorded'
r=$(ocss_acct_get user)
if [ -z "$r" ]; then echo none
elif [ "$r" != "$user" ]; then echo "other $r"
elif [ "$(ocss_acct_get created)" = true ]; then echo created
else echo adopted; fi
echo '### installs'
ocss_oc_discover
true

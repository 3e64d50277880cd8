# shellcheck shell=sh
# Installs the app's public key for the login user. Runs as `sh -c <this> ocss-key-install <nonce>` over an ssh
# session where the person typed the password. The key line arrives on stdin after the ready marker, never in argv
# or shell text; it is validated, and added to ~/.ssh/authorized_keys (0600, folder 0700) unless already there.
n=$1
fail() { stty echo 2>/dev/null; printf 'OCSS-KEY-FAIL-%s %s\n' "$n" "$1"; exit 3; }
case "$n" in '' | *[!a-f0-9]*) echo 'bad marker' >&2; exit 2 ;; esac
umask 077
stty -echo 2>/dev/null
printf 'OCSS-KEY-READY-%s\n' "$n"
IFS= read -r line || fail 'no key line arrived'
stty echo 2>/dev/null
line=$(printf '%s' "$line" | tr -d '\r')
printf '%s\n' "$line" | grep -Exq 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+={0,2} [A-Za-z0-9@._-]{1,64}' || fail 'the line is not an ed25519 public key'
blob=$(printf '%s' "$line" | cut -d' ' -f2)
cd || fail 'the home folder is not reachable'
# shellcheck disable=SC2088 # a message for the person: "~" is meant as text, not to expand
[ -L .ssh ] && fail '~/.ssh is a symbolic link; not touching it'
{ mkdir -p .ssh && chmod 700 .ssh; } || fail 'could not create ~/.ssh'
ak=.ssh/authorized_keys
# shellcheck disable=SC2088 # as above
[ -L "$ak" ] && fail '~/.ssh/authorized_keys is a symbolic link; not touching it'
[ -e "$ak" ] || : >"$ak" || fail 'could not create ~/.ssh/authorized_keys'
chmod 600 "$ak" || fail 'could not restrict ~/.ssh/authorized_keys to mode 600'
if awk -v b="$blob" '{ for (i = 1; i <= NF; i++) if ($i == b) f = 1 } END { exit !f }' "$ak"; then
  printf 'The key is already authorised; nothing added.\n'
else
  if [ -s "$ak" ] && [ -n "$(tail -c 1 "$ak")" ]; then printf '\n' >>"$ak"; fi
  printf '%s\n' "$line" >>"$ak" || fail 'could not write ~/.ssh/authorized_keys'
  printf 'Added the key to ~/.ssh/authorized_keys.\n'
fi
command -v restorecon >/dev/null 2>&1 && restorecon -R .ssh 2>/dev/null
printf 'OCSS-KEY-DONE-%s\n' "$n"

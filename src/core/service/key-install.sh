# shellcheck shell=sh
# Installs the app's public key for the login user. Runs as `sh -c <this> ocss-key-install <nonce>` over an ssh
# session where the person typed the password. The key line arrives on stdin after the ready marker, never in argv
# or shell text; it is validated, and added to ~/.ssh/authorized_keys (0600, folder 0700) with the restrictions in
# $opts: no agent or X11 forwarding, and local forwards only to the gateway (ssh -L 18789:127.0.0.1:18789).
# A line of the same key that lacks them gets them put in front (its own options stay); it is never added twice.
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
opts='no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:18789"'
# 0: no line of this key; 1: every line of it already starts with $opts; 2: some line lacks them.
# A line counts as restricted when it starts with $opts followed by a space or a comma (more options).
state=$(awk -v b="$blob" -v o="$opts" '
  function ours() { c = substr($0, length(o) + 1, 1); return substr($0, 1, length(o)) == o && (c == " " || c == ",") }
  { for (i = 2; i <= NF; i++) if ($i == b && $(i - 1) == "ssh-ed25519") { f = 1; if (!ours()) u = 1 } }
  END { print (u ? 2 : f ? 1 : 0) }' "$ak") || fail 'could not read ~/.ssh/authorized_keys'
case "$state" in
  1) printf 'The key is already authorised (restricted); nothing changed.\n' ;;
  2)
    tmp=$(mktemp .ssh/authorized_keys.XXXXXX) || fail 'could not write next to ~/.ssh/authorized_keys'
    # An unrestricted line ("ssh-ed25519 <blob> …") gets "$opts "; one with its own options gets "$opts,".
    if awk -v b="$blob" -v o="$opts" '
      function ours() { c = substr($0, length(o) + 1, 1); return substr($0, 1, length(o)) == o && (c == " " || c == ",") }
      { for (i = 2; i <= NF; i++) if ($i == b && $(i - 1) == "ssh-ed25519" && !ours()) { $0 = ($1 == "ssh-ed25519" ? o " " : o ",") $0; break } print }' "$ak" >"$tmp" \
      && chmod 600 "$tmp" && mv -f -- "$tmp" "$ak"; then
      printf 'Restricted the key already in ~/.ssh/authorized_keys.\n'
    else
      rm -f -- "$tmp"
      fail 'could not rewrite ~/.ssh/authorized_keys'
    fi
    ;;
  *)
    if [ -s "$ak" ] && [ -n "$(tail -c 1 "$ak")" ]; then printf '\n' >>"$ak"; fi
    printf '%s %s\n' "$opts" "$line" >>"$ak" || fail 'could not write ~/.ssh/authorized_keys'
    printf 'Added the key to ~/.ssh/authorized_keys.\n'
    ;;
esac
command -v restorecon >/dev/null 2>&1 && restorecon -R .ssh 2>/dev/null
printf 'OCSS-KEY-DONE-%s\n' "$n"

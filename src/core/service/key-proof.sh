# shellcheck shell=sh
# Proof of a fresh key login for the password-login step's lock-out guard. Runs as `sh -c <this>` over a new
# BatchMode, key-only ssh connection; the job's nonce arrives on stdin and is written where the root-side guard
# (src/catalog/ssh-password-login/apply.sh) looks for it.
umask 077
IFS= read -r nonce || exit 3
case "$nonce" in '' | *[!a-f0-9]*) echo 'bad nonce' >&2; exit 2 ;; esac
d="$HOME/.cache/openclaw-secure-setup"
mkdir -p "$d" && chmod 700 "$d" || exit 4
rm -f "$d/key-proof.tmp"
printf '%s\n' "$nonce" >"$d/key-proof.tmp" && mv -f "$d/key-proof.tmp" "$d/key-proof" || exit 4
echo OCSS-KEY-PROOF-WRITTEN

# shellcheck shell=bash
# shellcheck disable=SC2034 # the values are read by apply.sh, check.sh and undo.sh, which include this file
# Paths and expected contents of the check-only sudo rule; step.ts writes this into apply.sh, check.sh and undo.sh,
# and the launcher's text into it, so what is checked is exactly what apply writes.
ocss_dropin=/etc/sudoers.d/openclaw-secure-setup
ocss_launcher_dir=/usr/local/libexec/openclaw-secure-setup
ocss_launcher=$ocss_launcher_dir/check-launcher
ocss_allow_dir=/etc/openclaw-secure-setup
ocss_allowlist=$ocss_allow_dir/check-allowlist
# Folders apply may create, innermost first (undo removes those it created, when empty, in this order).
# shellcheck disable=SC2034 # used by apply.sh and undo.sh
ocss_dirs=("$ocss_launcher_dir" /usr/local/libexec "$ocss_allow_dir")
ocss_dir_mark() { printf 'dir%s.had' "${1//\//-}"; }
# The drop-in for the admin account $1: the launcher only, without a password.
ocss_dropin_text() {
  printf '%s\n' \
    '# Written by OpenClaw Secure Setup (step sudo-check-launcher). Undo removes this file.' \
    "# $1 may run only the app's check launcher as root without a password; it runs only allow-listed checks." \
    "$1 ALL=(root) NOPASSWD: $ocss_launcher"
}
ocss_launcher_text() {
  cat <<'OCSS_CHECK_LAUNCHER'
# @include check-launcher.sh
OCSS_CHECK_LAUNCHER
}

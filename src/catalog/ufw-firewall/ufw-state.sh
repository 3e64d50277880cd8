# shellcheck shell=bash
# The firewall's configuration as one hash: every file under /etc/ufw (names and contents) and /etc/default/ufw.
# apply.sh stores it as the state the step left; undo.sh compares the machine with it. step.ts writes this in.
ocss_ufw_state_hash() {
  { (cd /etc/ufw && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); sha256sum </etc/default/ufw; } | sha256sum | cut -d' ' -f1
}
# ocss_ufw_policy NAME [FILE]: a value from /etc/default/ufw (or FILE), quotes dropped.
ocss_ufw_policy() { sed -n "s/^$1=\"\\{0,1\\}\\([A-Za-z]*\\)\"\\{0,1\\}.*/\\1/p" "${2:-/etc/default/ufw}"; }
# ocss_ufw_record_once BACKUP NAME VALUE: keeps the first value only (the state from before the step).
ocss_ufw_record_once() { [ -e "$1/$2" ] || printf '%s\n' "$3" >"$1/$2"; }
# ocss_ufw_legacy_record BACKUP: a backup saved by an earlier version kept only the whole snapshot (etc-ufw,
# default-ufw, was). What that version changed is read from the snapshot; its SSH rules are known by their comment.
ocss_ufw_legacy_record() {
  local b=$1 p old
  [ -e "$b/record-rules" ] && return 0
  ufw show added 2>/dev/null | sed -n "s/^ufw \(allow [0-9]*\/tcp\) comment 'SSH (OpenClaw Secure Setup)'\$/\1/p" >"$b/record-rules" || true
  [ "$(cat "$b/was" 2>/dev/null)" = active ] || ocss_ufw_record_once "$b" record-enabled yes
  [ "$(ocss_ufw_policy IPV6 "$b/default-ufw")" = yes ] || ocss_ufw_record_once "$b" record-ipv6 "$(grep -m1 '^IPV6=' "$b/default-ufw" || echo absent)"
  for p in DEFAULT_INPUT_POLICY:input DEFAULT_OUTPUT_POLICY:output; do
    old=$(ocss_ufw_policy "${p%%:*}" "$b/default-ufw")
    [ "$old" = "$(ocss_ufw_policy "${p%%:*}")" ] || ocss_ufw_record_once "$b" "record-default-${p#*:}" "$old"
  done
}
# ocss_ufw_allows_port PORT: whether the `ufw show added` lines on stdin let PORT/tcp in (any allow or limit rule
# for the port, whatever its source, short or long form).
ocss_ufw_allows_port() {
  local alt="$1(/tcp)?"
  [ "$1" != 22 ] || alt="$alt|OpenSSH"
  grep -E "^ufw (allow|limit)( in)?( log| log-all)? ($alt)( |\$)|^ufw (allow|limit)( in)?.* port $1( proto tcp)?( |\$)" >/dev/null
}

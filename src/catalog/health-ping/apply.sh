#!/bin/bash
# Health monitoring: a systemd user timer of the OpenClaw account runs OpenClaw's health check every 5 minutes and,
# only when it passes, pings the person's monitor (a healthchecks.io-style https URL). The URL is a secret: typed by
# the app at this job's prompt (never an argument or a staged file), written into the account's 600 file
# ~/.config/openclaw-secure-setup/health-ping.curl for curl -K. The job script is installed root-owned. Everything
# this creates (and every file it replaces) is recorded in /var/lib/openclaw-secure-setup for undo.
# shellcheck disable=SC2154 # hp_* and OCSS_HP_* are set by health-ping-units.sh, written in at its include line
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include secret.sh
# @include health-ping-units.sh

user=$(ocss_oc_user) || exit 2
uid=$(ocss_oc_uid) || exit 2
ocss_hp_paths || exit 2
[ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] ||
  die 'PID 1 is not systemd, so there is no timer to run the health ping. On WSL apply "systemd in WSL" first. Nothing was changed.'
{ [ -S "/run/user/$uid/bus" ] && [ -e "/var/lib/systemd/linger/$user" ]; } ||
  die "$user has no running user manager with linger on, so its timer would not run. Apply \"Gateway service\" first. Nothing was changed."
[ -x /usr/bin/curl ] || die 'curl is not installed (/usr/bin/curl). Install it (apt-get install curl) and apply again. Nothing was changed.'
kept=${OCSS_IN_PING_URL_SHA256:-}
[ -z "$kept" ] || [[ "$kept" =~ ^[0-9a-f]{64}$ ]] || die 'The kept hash of the ping URL is not a SHA-256. Nothing was changed.'

umask 022
install -d -o root -g root -m 700 /var/lib/openclaw-secure-setup/state
touch "$OCSS_HP_RECORD" && chmod 600 "$OCSS_HP_RECORD"
recorded() { grep -qxF "$1 $2" "$OCSS_HP_RECORD"; }
record() { recorded "$1" "$2" || printf '%s %s\n' "$1" "$2" >>"$OCSS_HP_RECORD"; }
changed=0

# as_dir DIR: DIR made by the account (700) unless it is there; recorded when made. Refuses a symlink.
as_dir() {
  [ ! -L "$1" ] || die "$1 is a symbolic link; remove it and apply again. Nothing more was changed."
  [ -d "$1" ] && return 0
  ocss_as_oc /bin/mkdir -m 700 -- "$1"
  record dir "$1"
  changed=1
}
# as_file PATH MODE: the account's file PATH with the content on stdin and MODE; unchanged when it already is. A file
# that was there before apply is backed up (root-only) first, so undo puts it back.
as_file() {
  local path=$1 mode=$2 content
  content=$(cat)
  [ ! -L "$path" ] || die "$path is a symbolic link; remove it and apply again. Nothing more was changed."
  # Everything about the file the account owns is read as the account: root must not follow a link swapped in.
  if [ -f "$path" ] && ocss_as_oc /bin/cat -- "$path" | cmp -s - <(printf '%s\n' "$content") && [ "$(ocss_as_oc stat -c '%a %U' -- "$path")" = "$mode $user" ]; then return 0; fi
  if [ -e "$path" ] && ! recorded file "$path" && ! recorded backup "$path"; then
    local b
    install -d -o root -g root -m 700 "$OCSS_HP_BACKUP"
    b=$OCSS_HP_BACKUP/$(printf '%s' "$path" | sha256sum | cut -c1-16)
    (umask 077 && ocss_as_oc /bin/cat -- "$path" >"$b") || die "Could not back up $path (as $user); nothing more was changed."
    printf '%s\n' "$path" >"$b.path"
    ocss_as_oc stat -c %a -- "$path" >"$b.mode"
    record backup "$path"
  elif [ ! -e "$path" ]; then
    record file "$path"
  fi
  # shellcheck disable=SC2016 # the inner script's own arguments
  printf '%s\n' "$content" | ocss_as_oc /bin/sh -c 'umask 077 && /bin/cat >"$1.ocss-tmp" && /bin/chmod "$2" "$1.ocss-tmp" && /bin/mv -f "$1.ocss-tmp" "$1"' sh "$path" "$mode"
  changed=1
}

# The ping URL: kept when the file holds the address whose hash the app keeps; else typed at this job's prompt.
url_hash() { { [ -f "$hp_url" ] && [ ! -L "$hp_url" ]; } || return 1; local u; u=$(sed -n 's/^url = "\(.*\)"$/\1/p' "$hp_url" | head -n 1); [ -n "$u" ] && printf '%s' "$u" | sha256sum | cut -c1-64; }
have=$(url_hash || true)
for d in "$hp_home/.config" "$hp_conf_dir" "$hp_home/.config/systemd" "$hp_unit_dir" "$hp_home/.local" "$hp_home/.local/state" "$hp_state_dir"; do as_dir "$d"; done
if [ -n "$have" ] && { [ -z "$kept" ] || [ "$have" = "$kept" ]; }; then
  if [ -n "$kept" ]; then say 'The ping URL file already holds the address you entered (its SHA-256 matches): keeping it'
  else say 'A ping URL file is already there: keeping it (the app keeps no hash of it yet, so the check cannot confirm it: enter the URL and apply again)'; fi
else
  say 'Asking for the ping URL (typed by the app, not shown)'
  url=$(ocss_read_secret PING_URL) || die 'No ping URL was given. Enter your ping URL (e.g. https://hc-ping.com/…) in the step and apply again. Nothing more was changed.'
  re='^https://[^]/@[:space:][:cntrl:]"\\?#[]+([/?#][^[:space:][:cntrl:]"\\]*)?$'
  { [ "${#url}" -le 2048 ] && [[ "$url" =~ $re ]]; } || die 'The ping URL must be one https:// address without spaces, quotes, a user name or password, at most 2048 characters. Nothing more was changed.'
  if [ -n "$kept" ] && [ "$(printf '%s' "$url" | sha256sum | cut -c1-64)" != "$kept" ]; then die 'The address typed is not the one entered in the app (its SHA-256 differs). Nothing more was changed.'; fi
  say "Writing the ping URL to $hp_url (600, $user's; read by curl -K)"
  printf 'url = "%s"\n' "$url" | as_file "$hp_url" 600
  unset url
fi

if ! cmp -s "$OCSS_HP_BIN" <(printf '%s\n' "$OCSS_HP_JOB") || [ "$(stat -c '%a %U %G' "$OCSS_HP_BIN" 2>/dev/null)" != '755 root root' ]; then
  [ -d /usr/local/lib/openclaw-secure-setup ] || { install -d -o root -g root -m 755 /usr/local/lib/openclaw-secure-setup; record libdir /usr/local/lib/openclaw-secure-setup; }
  [ -e "$OCSS_HP_BIN" ] || record bin "$OCSS_HP_BIN"
  say "Installing the job script $OCSS_HP_BIN (root-owned, 755: $user cannot change it)"
  tmp=$(mktemp /usr/local/lib/openclaw-secure-setup/.health-ping.XXXXXX)
  printf '%s\n' "$OCSS_HP_JOB" >"$tmp"
  chown root:root "$tmp" && chmod 755 "$tmp" && mv -f "$tmp" "$OCSS_HP_BIN"
  changed=1
fi
chown root:root /usr/local/lib/openclaw-secure-setup && chmod 755 /usr/local/lib/openclaw-secure-setup

units=0
before=$changed
printf '%s\n' "$OCSS_HP_SERVICE" | as_file "$hp_unit_dir/ocss-health-ping.service" 644
printf '%s\n' "$OCSS_HP_TIMER" | as_file "$hp_unit_dir/ocss-health-ping.timer" 644
[ "$changed" = "$before" ] || units=1
[ "$units" = 0 ] || _ocss_oc_user_systemctl daemon-reload
if [ "$units" = 1 ] || ! _ocss_oc_user_systemctl is-enabled --quiet ocss-health-ping.timer || ! _ocss_oc_user_systemctl is-active --quiet ocss-health-ping.timer; then
  [ -d "$hp_unit_dir/timers.target.wants" ] || record dir "$hp_unit_dir/timers.target.wants"
  say 'Enabling the timer ocss-health-ping.timer (every 5 minutes, as the account)'
  _ocss_oc_user_systemctl enable --now ocss-health-ping.timer 2>&1
  changed=1
fi

if [ "$changed" = 0 ] && [ -f "$hp_status" ]; then
  say 'The health ping is already installed and enabled: changing nothing'
  exit 0
fi
say 'Running the health ping once now (openclaw health --json --timeout 2000, then the ping when it passes)'
_ocss_oc_user_systemctl start ocss-health-ping.service || true
if [ -f "$hp_status" ]; then
  health=$(ocss_hp_status_field health)
  http=$(ocss_hp_status_field http); rc=$(ocss_hp_status_field curl)
  if [ "$health" = ok ] && [ "$rc" = 0 ]; then say "First run: OpenClaw's health check passed and the ping got through (HTTP $http)"
  elif [ "$health" != ok ]; then say "First run: OpenClaw's health check failed, so no ping was sent. Is the gateway running (Gateway service)?"
  else say "First run: the health check passed but the ping failed (curl exit $rc, HTTP $http). Check the URL and that the machine reaches the monitor."; fi
else
  say 'The first run wrote no status file; see: journalctl --user -u ocss-health-ping.service (as the account)'
fi

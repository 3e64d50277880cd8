#!/bin/bash
# "Send a test ping now": runs the installed health ping job once, the way its timer does (systemctl --user start
# ocss-health-ping.service as the OpenClaw account), and reports its status file: health ok/fail, HTTP code, curl exit.
# shellcheck disable=SC2154 # hp_* and OCSS_HP_* are set by health-ping-units.sh, written in at its include line
# @include prelude.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }
# @include openclaw.sh
# @include health-ping-units.sh

user=$(ocss_oc_user) || exit 2
uid=$(ocss_oc_uid) || exit 2
ocss_hp_paths || exit 2
[ -S "/run/user/$uid/bus" ] || die "$user has no running user manager. Apply \"Gateway service\", then this step. Nothing was sent."
{ [ -x "$OCSS_HP_BIN" ] && [ -f "$hp_unit_dir/ocss-health-ping.service" ]; } || die 'The health ping is not installed. Apply this step first. Nothing was sent.'
say 'Running the health ping job now (openclaw health, then the ping when it passes)'
t0=$(date +%s)
_ocss_oc_user_systemctl start ocss-health-ping.service 2>/dev/null || true
[ -f "$hp_status" ] || die 'The job wrote no status file. See journalctl --user -u ocss-health-ping.service as the account.'
when=$(ocss_hp_status_field time); health=$(ocss_hp_status_field health)
http=$(ocss_hp_status_field http); rc=$(ocss_hp_status_field curl)
[ "${when:-0}" -ge "$t0" ] 2>/dev/null || die 'The job did not write a new status (it may be running already); try again in a minute.'
if [ "$health" != ok ]; then die "Test ping: OpenClaw's health check failed, so no ping was sent. Start the gateway (Gateway service) and try again."; fi
[ "$rc" = 0 ] || die "Test ping: the health check passed but the ping failed (curl exit $rc, HTTP $http). Check the URL and that this machine reaches the monitor."
say "Test ping sent: OpenClaw's health check passed and the monitor answered HTTP $http"

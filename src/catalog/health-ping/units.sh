# shellcheck shell=bash
# The health ping's systemd user units, as the app writes them into the OpenClaw account's ~/.config/systemd/user
# (apply writes them, check compares them byte for byte, undo removes them).
# shellcheck disable=SC2034 # not every script that includes this uses every name
{
OCSS_HP_BIN=/usr/local/lib/openclaw-secure-setup/health-ping
OCSS_HP_SERVICE='[Unit]
Description=OpenClaw health ping (OpenClaw Secure Setup)

[Service]
Type=oneshot
ExecStart=/usr/local/lib/openclaw-secure-setup/health-ping
TimeoutStartSec=180'
OCSS_HP_TIMER='[Unit]
Description=OpenClaw health ping every 5 minutes (OpenClaw Secure Setup)

[Timer]
OnCalendar=*:0/5
AccuracySec=20s
Unit=ocss-health-ping.service

[Install]
WantedBy=timers.target'
# The job script itself, installed root-owned at $OCSS_HP_BIN.
OCSS_HP_JOB=$(cat <<'OCSS_HP_JOB_END'
# @include health-ping-job.sh
OCSS_HP_JOB_END
)
# Paths in the account's home (after ocss_hp_paths).
ocss_hp_paths() {
  hp_home=$(ocss_oc_home) || return
  hp_conf_dir=$hp_home/.config/openclaw-secure-setup
  hp_url=$hp_conf_dir/health-ping.curl
  hp_unit_dir=$hp_home/.config/systemd/user
  hp_state_dir=$hp_home/.local/state/openclaw-secure-setup
  hp_status=$hp_state_dir/health-ping.status
}
OCSS_HP_RECORD=/var/lib/openclaw-secure-setup/state/health-ping.list
OCSS_HP_BACKUP=/var/lib/openclaw-secure-setup/backup/health-ping
}

# ocss_hp_status_field NAME: one field of the job's status file, read as the account (the file is the account's: root
# must not follow a link it swapped in), and only in the shape the job writes.
ocss_hp_status_field() {
  ocss_as_oc /bin/cat -- "$hp_status" 2>/dev/null | head -c 4096 | grep -E '^(time [0-9]+|health (ok|fail)|http [0-9-]+|curl [0-9a-z-]+)$' | sed -n "s/^$1 //p" | head -n 1
}

#!/bin/bash
# Check for "Gateway service". Runs as root and reads the shared OpenClaw facts (lib/openclaw.sh ocss_oc_facts, one
# read per job for every OpenClaw check): PID 1, the account, linger (/var/lib/systemd/linger/USER), the user bus, the
# unit file, `systemctl --user is-enabled/is-active` (the system's systemctl, run as the account; nothing of the
# account's runs), and the listeners (ss). Sections for evaluate.ts.
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
# @include openclaw.sh
ocss_oc_facts

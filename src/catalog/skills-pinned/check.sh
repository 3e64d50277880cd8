#!/bin/bash
# Check for "Only reviewed skills, pinned". As root: the account and version from lib/openclaw.sh's facts, then the
# skills OpenClaw itself lists (`openclaw skills list --json`, run as the account), where each one lives, its origin
# file, and the workspace's ClawHub lock file (<workspace>/.clawhub/lock.json), read as the account too (skills.py).
export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# @include openclaw.sh
# @include skills.sh
ocss_oc_facts
ocss_skills_inventory

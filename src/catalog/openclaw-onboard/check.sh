#!/bin/bash
# Check for "OpenClaw onboarding". Runs as root and reads files only (never the account's openclaw binary): the
# account, whether openclaw.json exists and parses, gateway.mode, and the workspace it names. Prints shapes, never
# a value of a secret. Sections for evaluate() in step.ts.
export LC_ALL=C
# @include openclaw.sh
# @include oc-config-shape.sh
user=$(ocss_oc_user 2>&1) || { echo '### shape-account'; echo "missing $user"; exit 0; }
home=$(ocss_oc_home 2>&1) || { echo '### shape-account'; echo "missing $home"; exit 0; }
echo '### shape-account'
echo "$user $home"
ocss_oc_config_shape "$home"

#!/bin/bash
# Check for "Gateway token". Runs as root and reads files only: gateway.auth.mode and the token's shape from
# openclaw.json, and the secret store entries' kind and LENGTH (SQLite opened read-only; a value is never printed).
export LC_ALL=C
# @include openclaw.sh
# @include oc-config-shape.sh
user=$(ocss_oc_user 2>&1) || { echo '### shape-account'; echo "missing $user"; exit 0; }
home=$(ocss_oc_home 2>&1) || { echo '### shape-account'; echo "missing $home"; exit 0; }
echo '### shape-account'
echo "$user $home"
ocss_oc_config_shape "$home" store

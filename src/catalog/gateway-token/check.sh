#!/bin/bash
# Check for "Gateway token". Runs as root and reads files only: the facts of lib/openclaw.sh (openclaw.json as base64,
# which the app parses as JSON5, and the secret store entries' kind and LENGTH; a value is never printed), read once
# per pass and shared by every OpenClaw check ($OCSS_FACTS_CACHE).
export LC_ALL=C
# @include openclaw.sh
ocss_oc_facts

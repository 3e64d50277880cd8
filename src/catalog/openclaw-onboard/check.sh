#!/bin/bash
# Check for "OpenClaw onboarding". Runs as root and reads files only (never the account's openclaw binary): the facts
# of lib/openclaw.sh (openclaw.json as base64, which the app parses as JSON5; the workspace folders; modes), read once
# per pass and shared by every OpenClaw check ($OCSS_FACTS_CACHE). A secret's value is never printed.
export LC_ALL=C
# @include openclaw.sh
ocss_oc_facts

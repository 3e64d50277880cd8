#!/bin/bash
# Check of the credential modes: reads the state folder's paths as root (find -P; no openclaw process). Judged by
# evaluate() in step.ts: the state folder and credentials/ 700 or stricter, credential files 600 or stricter, no symlink.
export LC_ALL=C
# @include openclaw.sh
ocss_oc_facts

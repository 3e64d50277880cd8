#!/bin/bash
# Check for "Docker sandbox". As root: the facts of lib/openclaw.sh (openclaw.json, read once per pass), then
# lib/docker.sh's sections: docker.io and docker.service (a stopped daemon is never asked anything, so docker.socket
# cannot start it again), the docker group, the sandbox settings as OpenClaw resolves them (read as the account),
# `docker image inspect`, and the probe: one container as the sandbox starts it, as the account.
export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# @include openclaw.sh
# @include docker.sh
ocss_oc_facts
ocss_docker_facts

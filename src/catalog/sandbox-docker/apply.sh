#!/bin/bash
# Docker sandbox (layer 8): Debian/Ubuntu's docker.io (installed when missing, docker.service enabled and running), the
# OpenClaw account in the docker group (never the admin), the image openclaw-sandbox:bookworm-slim loaded from a file
# the person picked (a `docker save` archive), then agents.defaults.sandbox written as the account, the sandboxes
# recreated, and the probe run: one container as the sandbox starts it. What it added is noted in a root-only record
# for undo; a machine already in that state is left alone.
# @include prelude.sh
# @include openclaw.sh
# @include docker.sh
die() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }

STATE=/var/lib/openclaw-secure-setup/state/sandbox-docker.env
mode=${OCSS_IN_MODE:-all}
access=${OCSS_IN_WORKSPACE_ACCESS:-none}
file=${OCSS_IN_IMAGE_FILE:-}
case "$mode" in all | non-main) ;; *) die "Sandbox mode must be \"all\" or \"non-main\", not \"$mode\". Nothing was changed." ;; esac
case "$access" in none | ro | rw) ;; *) die "Workspace access must be none, ro or rw, not \"$access\". Nothing was changed." ;; esac
if [ -n "$file" ]; then
  { [[ "$file" == /* ]] && [[ "$file" != */ ]] && [[ "/$file/" != */../* ]] && [[ "/$file/" != */./* ]]; } ||
    die "The image file must be an absolute path without . or .. parts (got \"$file\"). Nothing was changed."
  { [ -f "$file" ] && [ ! -L "$file" ]; } || die "The image file $file does not exist or is not a regular file (a symlink is refused). Copy the archive to the machine and pick it again. Nothing was changed."
  manifest=$(tar -xOf "$file" manifest.json 2>/dev/null) ||
    die "$file is not a \"docker save\" archive (it has no manifest.json). Make one with \"docker save -o FILE $OCSS_SANDBOX_IMAGE\". Nothing was changed."
  grep -qF "\"$OCSS_SANDBOX_IMAGE\"" <<<"$manifest" ||
    die "$file does not hold the image $OCSS_SANDBOX_IMAGE (its manifest names: $(grep -o '"RepoTags":\[[^]]*\]' <<<"$manifest" | head -n 1)). Nothing was changed."
fi

user=$(ocss_oc_user) || exit 2
ocss_oc_home >/dev/null || exit 2
_ocss_oc_require || exit 2
[ "$user" != root ] || die 'The OpenClaw account is root; the sandbox step never gives root'\''s rights to the agent. Set the account in "The OpenClaw account" step.'
# Never the admin: the docker group is worth root, so an account with sudo rights or the login account is refused.
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" = "$user" ]; then die "The OpenClaw account $user is the account the app logs in with; the docker group is not given to it. Use a dedicated account (\"The OpenClaw account\" step)."; fi
if id -nG "$user" | tr ' ' '\n' | grep -qxE 'sudo|admin|wheel'; then die "The OpenClaw account $user has sudo rights (group sudo, admin or wheel); the docker group is not given to an admin. Apply \"The OpenClaw account\" step first."; fi

mkdir -p "$(dirname "$STATE")"; chmod 700 "$(dirname "$STATE")"
note() { grep -qxF "$1" "$STATE" 2>/dev/null || { printf '%s\n' "$1" >>"$STATE"; chmod 600 "$STATE"; }; }

# --- Docker ------------------------------------------------------------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die 'Docker is missing and this machine has no apt-get: install Docker (package docker.io) by hand, then apply again.'
  say 'Installing Docker: apt-get install docker.io (Debian/Ubuntu)'
  apt-get -o DPkg::Lock::Timeout=300 update -qq || die 'apt-get update failed (no network?). Install docker.io by hand, or apply again once the package archive is reachable.'
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker.io || die 'apt-get install docker.io failed; its output is above.'
  note 'installed docker.io'
else
  say "Docker is installed ($(dpkg-query -W -f='docker.io ${Version}' docker.io 2>/dev/null || command -v dockerd))"
fi
if [ "$(systemctl is-enabled docker.service 2>/dev/null)" != enabled ] || ! ocss_docker_active; then
  say 'Enabling and starting Docker: systemctl enable --now docker.socket docker.service'
  [ "$(systemctl is-enabled docker.service 2>/dev/null)" = enabled ] || note 'enabled docker.service'
  systemctl enable --now docker.socket docker.service || die 'docker.service did not start: see "journalctl -u docker.service".'
else
  say 'docker.service is enabled and running'
fi
timeout 60 docker info --format '{{.ServerVersion}}' >/dev/null || die 'The Docker daemon does not answer (docker info failed): see "journalctl -u docker.service".'

# --- the image -----------------------------------------------------------------------------------------------------------
have=$(timeout 30 docker image inspect --format '{{.Id}}' "$OCSS_SANDBOX_IMAGE" 2>/dev/null || true)
if [ -n "$file" ]; then
  cfg=$(grep -o '"Config":"[^"]*"' <<<"$manifest" | head -n 1 | sed 's/"Config":"\(blobs\/sha256\/\)\{0,1\}\([0-9a-f]*\).*/\2/')
  if [ -n "$have" ] && [ "sha256:$cfg" = "$have" ]; then
    say "The image $OCSS_SANDBOX_IMAGE is already loaded ($have), the same as in $file"
  else
    say "Loading the image from $file (docker load)"
    timeout 600 docker load -i "$file" | sed 's/^/    /'
    now=$(timeout 30 docker image inspect --format '{{.Id}}' "$OCSS_SANDBOX_IMAGE" 2>/dev/null) || die "$file loaded, but there is no image $OCSS_SANDBOX_IMAGE afterwards."
    [ -n "$have" ] || note "loaded image $now"
    [ -z "$have" ] || say "The image $OCSS_SANDBOX_IMAGE was $have; it is now $now (undo keeps the new one)"
  fi
elif [ -n "$have" ]; then
  say "The image $OCSS_SANDBOX_IMAGE is already loaded ($have)"
else
  die "There is no image $OCSS_SANDBOX_IMAGE yet. Build it on a machine with network access, as OpenClaw's docs/gateway/sandboxing/images-and-setup.md says (docker build -t $OCSS_SANDBOX_IMAGE from debian:bookworm-slim, pinned by digest), save it with \"docker save -o openclaw-sandbox.tar $OCSS_SANDBOX_IMAGE\", copy the file here and pick it as the image file."
fi

# --- the account's access: the docker group --------------------------------------------------------------------------
# Rootless Docker (a daemon of the account's own) would avoid giving root-equivalent rights; this version of the app
# sets up the docker group only, and says so (the checklist shows it as a known risk).
getent group docker >/dev/null || die 'The docker group is missing although docker.io is installed; reinstall docker.io.'
if id -nG "$user" | tr ' ' '\n' | grep -qx docker; then
  say "$user is in the docker group already"
else
  say "Adding $user to the docker group. Plainly: membership of the docker group is worth root on this machine (a member can start a container that mounts /); only the OpenClaw account gets it, never the admin"
  gpasswd -a "$user" docker >/dev/null
  note "added $user to docker"
fi

# --- OpenClaw's settings -------------------------------------------------------------------------------------------------
ocss_oc_patch sandbox-docker <<OCSS_PATCH
{"agents":{"defaults":{"sandbox":{"mode":"$mode","backend":"docker","scope":"agent","workspaceAccess":"$access","docker":{"image":"$OCSS_SANDBOX_IMAGE","network":"none","readOnlyRoot":true,"capDrop":["ALL"]}}}}}
OCSS_PATCH
if [ "${OCSS_OC_CHANGED:-0}" = 1 ]; then
  say 'Recreating the sandboxes so that none keeps the old settings: openclaw sandbox recreate --all --force'
  ocss_oc sandbox recreate --all --force | sed 's/^/    /'
  ocss_oc_audit
fi

# --- the probe -----------------------------------------------------------------------------------------------------------
say 'Probe: one container as the sandbox starts it (same image and options)'
ocss_docker_probe "$(ocss_docker_settings)" | sed 's/^/    /'
if grep -q '^added ' "$STATE" 2>/dev/null && ocss_oc_gateway_active; then
  say "The running gateway's user manager started before $user joined the docker group: restart it (log out and in, or \"systemctl restart user@$(ocss_oc_uid).service\") so that the gateway can reach Docker"
fi
say "Done: agents.defaults.sandbox mode $mode, docker image $OCSS_SANDBOX_IMAGE, network none, read-only root, all capabilities dropped"

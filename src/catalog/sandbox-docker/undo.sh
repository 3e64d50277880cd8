#!/bin/bash
# Undo of "Docker sandbox": the earlier sandbox settings (keys changed by hand since are kept), then what the record
# says apply added: the image it loaded (when it is still that image), the account's docker group membership, and
# docker.service's enablement. docker.io itself stays installed (apt-get purge docker.io removes it).
# @include prelude.sh
# @include openclaw.sh
# @include docker.sh
STATE=/var/lib/openclaw-secure-setup/state/sandbox-docker.env
ocss_oc_undo sandbox-docker
if [ "${OCSS_OC_CHANGED:-0}" = 1 ] && ocss_docker_active; then
  say 'Recreating the sandboxes with the earlier settings'
  ocss_oc sandbox recreate --all --force | sed 's/^/    /'
fi
[ -f "$STATE" ] || { say 'Nothing else to undo: this step added no image, group membership or service here'; exit 0; }
while IFS= read -r line; do
  case "$line" in
    'loaded image '*)
      id=${line#loaded image }
      if ! ocss_docker_active; then say "docker.service is not running: the image $OCSS_SANDBOX_IMAGE ($id) stays"
      elif [ "$(timeout 30 docker image inspect --format '{{.Id}}' "$OCSS_SANDBOX_IMAGE" 2>/dev/null)" = "$id" ]; then
        say "Removing the image $OCSS_SANDBOX_IMAGE this step loaded ($id)"
        timeout 120 docker image rm "$OCSS_SANDBOX_IMAGE" >/dev/null || say "The image could not be removed (a container still uses it?); remove it with: docker image rm $OCSS_SANDBOX_IMAGE"
      else say "The image $OCSS_SANDBOX_IMAGE is no longer the one this step loaded: kept"; fi ;;
    'added '*' to docker')
      u=${line#added }; u=${u% to docker}
      if id -nG "$u" 2>/dev/null | tr ' ' '\n' | grep -qx docker; then say "Taking $u out of the docker group"; gpasswd -d "$u" docker >/dev/null; fi ;;
    'enabled docker.service')
      say 'Stopping and disabling Docker, which this step enabled: systemctl disable --now docker.service docker.socket'
      systemctl disable --now docker.service docker.socket || true ;;
    'installed docker.io')
      say 'docker.io stays installed (this step installed it): remove it with "apt-get purge docker.io" if nothing else uses Docker' ;;
  esac
done <"$STATE"
rm -f -- "$STATE"

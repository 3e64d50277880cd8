# shellcheck shell=bash
# lib/docker.sh: the Docker side of the sandbox step (layer 8), written into its scripts at `# @include docker.sh`
# after openclaw.sh (it uses ocss_oc_user, ocss_oc_home, _ocss_oc_pkg, _ocss_oc_as and _ocss_oc_run_js). Runs as root.
#   ocss_docker_active          docker.service is active (never asks the daemon: a docker command on a stopped
#                               docker.service would start it again through docker.socket and hide the stop)
#   ocss_docker_settings        the sandbox's docker settings as OpenClaw resolves them ("KEY VALUE" lines), read as
#                               the account by its node (docker-sandbox.mjs)
#   ocss_docker_probe           one throw-away container as the OpenClaw sandbox starts it (same image and options, as
#                               the account, through its docker group); prints what it sees ("probe …" lines)
#   ocss_docker_facts           the check's sections: ### docker-engine, ### docker-sandbox, ### docker-image, ### docker-probe
# shellcheck disable=SC2034 # used by the step scripts that include this file
OCSS_SANDBOX_IMAGE=openclaw-sandbox:bookworm-slim

ocss_docker_active() { systemctl is-active --quiet docker.service 2>/dev/null; }

_ocss_docker_settings_js() {
  cat <<'OCSS_DOCKER_SANDBOX_JS'
# @include docker-sandbox.mjs
OCSS_DOCKER_SANDBOX_JS
}

ocss_docker_settings() {
  _ocss_oc_pkg >/dev/null || { echo 'config no-openclaw'; return 0; }
  _ocss_oc_run_js "$(_ocss_docker_settings_js)" --
}

# The probe inside the container (sh; bash only for /dev/tcp). $1… = HOST:PORT targets.
# shellcheck disable=SC2016 # expanded inside the container
_OCSS_DOCKER_PROBE_SH='
printf "probe ifaces"; for i in /sys/class/net/*; do printf " %s" "${i##*/}"; done; echo
echo "probe rootmount $(awk "\$2 == \"/\" { sub(/,.*/, \"\", \$4); print \$4; exit }" /proc/mounts)"
d=${HOME:-/}; [ -d "$d" ] || d=/
if w=$( { : >"$d/.ocss-probe"; } 2>&1 ); then echo "probe rootwrite $d ok"; rm -f "$d/.ocss-probe"; else echo "probe rootwrite $d ${w##*: }"; fi
echo "probe capeff $(sed -n "s/^CapEff:[[:space:]]*//p" /proc/self/status)"
for t in "$@"; do
  if r=$(timeout 3 bash -c "exec 3<>/dev/tcp/\$1/\$2" probe "${t%:*}" "${t##*:}" 2>&1); then echo "probe connect $t ok"
  else echo "probe connect $t failed: ${r##*: }"; fi
done'

ocss_docker_probe() {
  local settings=$1 image network ro caps tmpfs user port t out rc
  image=$(sed -n 's/^image //p' <<<"$settings")
  network=$(sed -n 's/^network //p' <<<"$settings")
  ro=$(sed -n 's/^readOnlyRoot //p' <<<"$settings")
  caps=$(sed -n 's/^capDrop //p' <<<"$settings")
  tmpfs=$(sed -n 's/^tmpfs //p' <<<"$settings")
  user=$(sed -n 's/^user //p' <<<"$settings")
  port=$(sed -n 's/^port //p' <<<"$settings")
  if [ -z "$image" ] || [ -z "$network" ] || [ -z "$port" ] || grep -q '^invalid ' <<<"$settings"; then
    echo 'probe skipped: the sandbox settings are not usable'
    return 0
  fi
  # The container options of OpenClaw's buildSandboxCreateArgs (dist/docker-*.mjs) for these settings; no workspace
  # bind (the probe needs none) and a shell instead of "sleep infinity".
  local -a args=(run --rm --init --label ocss.probe=1 --network "$network" --security-opt no-new-privileges)
  [ "$ro" = true ] && args+=(--read-only)
  for t in $tmpfs; do args+=(--tmpfs "$t"); done
  local IFS_OLD=$IFS; IFS=,
  for t in $caps; do args+=(--cap-drop "$t"); done
  IFS=$IFS_OLD
  [ -n "$user" ] && args+=(--user "$user")
  # Targets: the gateway port on loopback (what a sandbox would try first) and on each address of this machine.
  local -a targets=("127.0.0.1:$port")
  while read -r t; do [ -n "$t" ] && targets+=("$t:$port"); done < <(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4 }' | head -n 4)
  echo "probe options ${args[*]:1}"
  out=$(_ocss_oc_as -- timeout 90 docker "${args[@]}" "$image" /bin/sh -c "$_OCSS_DOCKER_PROBE_SH" probe "${targets[@]}" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out" | grep '^probe ' || true
  if [ "$rc" != 0 ]; then printf 'probe failed exit %s: %s\n' "$rc" "$(printf '%s' "$out" | grep -v '^probe ' | tail -n 2 | tr '\n' ' ')"; fi
}

ocss_docker_facts() {
  local user settings image out
  user=$(ocss_oc_user 2>/dev/null) || user=''
  echo '### docker-engine'
  if command -v dockerd >/dev/null 2>&1; then echo "dockerd $(command -v dockerd)"; else echo 'dockerd missing'; fi
  echo "package $(dpkg-query -W -f='${Status} ${Version}' docker.io 2>/dev/null | sed 's/^install ok installed/installed/' || echo none)"
  echo "service $(systemctl is-active docker.service 2>/dev/null || true)"
  echo "enabled $(systemctl is-enabled docker.service 2>/dev/null || true)"
  echo "socket $(systemctl is-active docker.socket 2>/dev/null || true)"
  echo "group $(getent group docker | cut -d: -f4)"
  if [ -n "$user" ] && id -nG "$user" 2>/dev/null | tr ' ' '\n' | grep -qx docker; then echo "account $user in-group"; else echo "account ${user:-?} not-in-group"; fi
  [ -x "$(command -v dockerd-rootless.sh 2>/dev/null)" ] && echo 'rootless-tool yes'
  echo '### docker-sandbox'
  settings=$(ocss_docker_settings 2>/dev/null) || settings='config unreadable'
  printf '%s\n' "$settings"
  ocss_docker_active || { echo '### docker-probe'; echo 'probe skipped: docker.service is not active'; return 0; }
  image=$(sed -n 's/^image //p' <<<"$settings")
  echo '### docker-image'
  if [ -n "$image" ] && out=$(timeout 30 docker image inspect --format '{{.Id}} {{.Config.User}} {{range .RepoTags}}{{.}},{{end}}' "$image" 2>&1); then
    echo "image ${out%,}"
  else
    echo "image missing $(printf '%s' "${out:-}" | tr '\n' ' ' | cut -c1-300)"
  fi
  echo '### docker-probe'
  ocss_docker_probe "$settings"
}

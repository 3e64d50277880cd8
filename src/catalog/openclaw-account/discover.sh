# shellcheck shell=bash
# Finds the OpenClaw installs on this machine, as root, by reading files only (no account's program runs).
# Written into the scripts of openclaw-account by step.ts. ocss_oc_discover prints one line per account that shows a
# sign of OpenClaw, tab-separated key=value fields (a home may contain spaces):
#   install  account=<user|system>  uid=<n>  home=<dir>  config=yes|no  bin=<path>|none  version=<v>|unknown
#            unit=none|installed|enabled  runs=user-service-active|bare-process|not-running  pids=<n,n>|none
# "system" = an openclaw in /usr/local/bin or /usr/bin (anyone's; the account is the one running it).
# The version comes from the package.json next to the openclaw.mjs the command leads to. Needs bash >= 4.4 (local -).

# ocss_oc_pkg_version BIN: the version of the OpenClaw package BIN runs (a symlink to openclaw.mjs, or a small
# wrapper script naming it), or "unknown".
ocss_oc_pkg_version() {
  local -
  set +e +o pipefail # a read that finds nothing is an answer ("unknown"), also inside a set -e script
  local bin=$1 real pkg=''
  real=$(readlink -f -- "$bin" 2>/dev/null) || real=
  case "$real" in
    */openclaw.mjs) pkg=${real%/openclaw.mjs}/package.json ;;
    *) if [ -f "$real" ] && [ "$(stat -c %s -- "$real" 2>/dev/null || echo 99999)" -lt 8192 ]; then
         pkg=$(grep -ao '/[^[:space:]"'"'"']*/openclaw\.mjs' -- "$real" 2>/dev/null | head -n1)
         [ -n "$pkg" ] && pkg=${pkg%/openclaw.mjs}/package.json
       fi ;;
  esac
  ocss_oc_json_version "$pkg"
}

# ocss_oc_json_version FILE: the first "version" of a package.json (a regular file, not a link), or "unknown".
ocss_oc_json_version() {
  local -
  set +e +o pipefail
  local v=''
  if [ -n "$1" ] && [ -f "$1" ] && [ ! -L "$1" ]; then
    v=$(head -c 65536 -- "$1" | grep -ao '"version"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n1 | sed 's/.*"\([^"]*\)"$/\1/')
  fi
  [[ "$v" =~ ^[0-9A-Za-z.+-]{1,40}$ ]] || v=unknown
  printf '%s\n' "$v"
}

ocss_oc_discover() {
  local -
  set +e +o pipefail # one unreadable process or file must not end the search, also inside a set -e script
  local -A gw_pids=() gw_unit=() gw_mjs=()
  local d pid uid cmd mjs a0
  local -a argv
  # Running gateway processes: their owner, and whether systemd started them as the user unit (cgroup name). A
  # gateway is a process named openclaw-gateway (OpenClaw's process title), or "openclaw gateway" / "node
  # .../openclaw.mjs gateway" by its arguments; a command that merely mentions it (runuser, a shell) is not.
  for d in /proc/[0-9]*; do
    mapfile -d '' -t argv <"$d/cmdline" 2>/dev/null || continue
    [ "${#argv[@]}" -gt 0 ] || continue
    a0=${argv[0]##*/}
    case "$a0" in
      openclaw-gateway*) ;;
      openclaw) [ "${argv[1]:-}" = gateway ] || continue ;;
      node*) case "${argv[1]:-}" in */openclaw.mjs|*/openclaw) [ "${argv[2]:-}" = gateway ] || continue ;; *) continue ;; esac ;;
      *) continue ;;
    esac
    cmd="${argv[*]}"
    pid=${d#/proc/}
    uid=$(stat -c %u -- "$d" 2>/dev/null) || continue
    gw_pids[$uid]="${gw_pids[$uid]:+${gw_pids[$uid]},}$pid"
    grep -q 'openclaw-gateway[^/]*\.service' "$d/cgroup" 2>/dev/null && gw_unit[$uid]=1
    mjs=$(printf '%s' "$cmd" | grep -o '/[^ ]*/openclaw\.mjs' | head -n1)
    [ -n "$mjs" ] && gw_mjs[$uid]=$mjs
  done
  local name home seen=' ' bin f unit config version runs pids sys
  while IFS=: read -r name _ uid _ _ home _; do
    { [ -n "$home" ] && [ "$home" != / ] && [ -d "$home" ]; } || continue
    case "$seen" in *" $home "*) continue ;; esac
    seen="$seen$home "
    config=no; [ -f "$home/.openclaw/openclaw.json" ] && config=yes
    bin=none
    for f in "$home/.local/bin/openclaw" "$home/.npm-global/bin/openclaw"; do [ -e "$f" ] && { bin=$f; break; }; done
    unit=none
    for f in "$home"/.config/systemd/user/openclaw-gateway*.service; do [ -e "$f" ] && unit=installed; done
    for f in "$home"/.config/systemd/user/*.target.wants/openclaw-gateway*.service; do [ -e "$f" ] && unit=enabled; done
    pids=${gw_pids[$uid]:-none}
    [ "$config$bin$unit$pids" = nononenonenone ] && continue
    version=unknown
    [ "$bin" != none ] && version=$(ocss_oc_pkg_version "$bin")
    [ "$version" = unknown ] && [ -n "${gw_mjs[$uid]:-}" ] && version=$(ocss_oc_json_version "${gw_mjs[$uid]%/openclaw.mjs}/package.json")
    if [ "$pids" = none ]; then runs='not-running'; elif [ -n "${gw_unit[$uid]:-}" ]; then runs='user-service-active'; else runs='bare-process'; fi
    printf 'install\taccount=%s\tuid=%s\thome=%s\tconfig=%s\tbin=%s\tversion=%s\tunit=%s\truns=%s\tpids=%s\n' \
      "$name" "$uid" "$home" "$config" "$bin" "$version" "$unit" "$runs" "$pids"
  done < <(getent passwd)
  for sys in /usr/local/bin/openclaw /usr/bin/openclaw; do
    [ -e "$sys" ] || continue
    printf 'install\taccount=system\tuid=-\thome=-\tconfig=no\tbin=%s\tversion=%s\tunit=none\truns=-\tpids=none\n' "$sys" "$(ocss_oc_pkg_version "$sys")"
  done
}

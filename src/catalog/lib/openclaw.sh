# shellcheck shell=bash
# OpenClaw for root-run step scripts (step.ts writes it in at its include line, after prelude.sh).
# Root never runs the account's `openclaw` or `node`: whatever needs them runs as the OpenClaw account through
# `runuser -u ACCOUNT -- env -i …` with the account's real home. The checks read files only, as root (ocss_oc_facts).
# Needs ocss_login_user (user-bus.sh) and ocss_ini_get (wsl-conf.sh); step.ts writes those in before this file.

# 1 after ocss_oc_patch / ocss_oc_undo wrote the config, else 0 (the step script reads it: effects and the audit).
export OCSS_OC_CHANGED=0

# ocss_target_kind: "wsl" inside a WSL distribution, else "ssh". wsl.exe sets WSL_DISTRO_NAME (the test stand-in of
# wsl.exe also OCSS_WSL_STANDIN_DISTRO, since its kernel is the host's); the kernel name says microsoft-standard-WSL2
# even when that variable did not come through.
ocss_target_kind() {
  if [ -n "${WSL_DISTRO_NAME:-}" ] || [ -n "${OCSS_WSL_STANDIN_DISTRO:-}" ] || grep -qi microsoft /proc/sys/kernel/osrelease 2>/dev/null; then
    echo wsl
  else
    echo ssh
  fi
}

# ocss_oc_user: the OpenClaw account. OCSS_OC_USER when given; else on WSL the distribution's default user, else
# "openclaw". A name that is not a plain Unix user name stops the script.
ocss_oc_user() {
  local u=${OCSS_OC_USER:-}
  if [ -z "$u" ]; then
    if [ "$(ocss_target_kind)" = wsl ]; then u=$(ocss_login_user); else u=openclaw; fi
  fi
  if ! [[ "$u" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then
    echo "\"$u\" is not a valid account name for OpenClaw (lower-case letters, digits, - and _). Fix the account in the app's \"OpenClaw account\" step." >&2
    return 2
  fi
  printf '%s\n' "$u"
}

# ocss_oc_home: the account's home folder, from the passwd database (never $HOME, which is root's here).
ocss_oc_home() {
  local u h
  u=$(ocss_oc_user) || return
  h=$(getent passwd "$u" | cut -d: -f6) || true
  if [ -z "$h" ]; then
    echo "There is no account \"$u\" on this machine. Apply the \"OpenClaw account\" step first." >&2
    return 2
  fi
  printf '%s\n' "$h"
}

# ocss_oc_uid: the account's numeric user id.
ocss_oc_uid() {
  local u
  u=$(ocss_oc_user) || return
  id -u -- "$u" 2>/dev/null || { echo "There is no account \"$u\" on this machine. Apply the \"OpenClaw account\" step first." >&2; return 2; }
}

# _ocss_oc_as CMD ARGS...: CMD as the account, with a clean environment and its real home (cwd = home).
_ocss_oc_as() {
  local user home uid
  user=$(ocss_oc_user) && home=$(ocss_oc_home) && uid=$(ocss_oc_uid) || return
  local -a envs=("HOME=$home" "USER=$user" "LOGNAME=$user" "LANG=C.UTF-8"
    "PATH=$home/.local/bin:$home/.local/share/openclaw-secure-setup/node/current/bin:$home/.npm-global/bin:/usr/local/bin:/usr/bin:/bin")
  if [ -d "/run/user/$uid" ]; then envs+=("XDG_RUNTIME_DIR=/run/user/$uid"); fi
  if [ -S "/run/user/$uid/bus" ]; then envs+=("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$uid/bus"); fi
  while [ "${1:-}" != -- ] && [[ "${1:-}" == *=* ]]; do envs+=("$1"); shift; done
  [ "${1:-}" != -- ] || shift
  (cd "$home" 2>/dev/null || cd /; runuser -u "$user" -- env -i "${envs[@]}" "$@")
}

# ocss_oc ARGS...: `openclaw ARGS...` as the account (stdin passes through).
ocss_oc() { _ocss_oc_as -- openclaw "$@"; }

# ocss_as_oc CMD ARGS...: any command as the account, with the environment ocss_oc uses (clean, real home, the
# account's PATH, its runtime folder and user bus); stdin passes through. For the account's own files and programs.
ocss_as_oc() { _ocss_oc_as -- "$@"; }

# _ocss_oc_pkg: the folder of the installed openclaw package, found by root reading files only: the `openclaw` the
# account's PATH finds, its real path's package.json, the npm prefix layout, or the path a wrapper script names.
_ocss_oc_pkg() {
  local home d f r p
  home=$(ocss_oc_home) || return
  for d in "$home/.local/bin" "$home/.local/share/openclaw-secure-setup/node/current/bin" "$home/.npm-global/bin" /usr/local/bin /usr/bin /bin; do
    f="$d/openclaw"
    [ -e "$f" ] || continue
    r=$(readlink -f -- "$f") || continue
    p=$(dirname -- "$r")
    while [ "$p" != / ] && [ -n "$p" ]; do
      if [ -f "$p/package.json" ] && grep -q '"name": *"openclaw"' "$p/package.json" 2>/dev/null; then printf '%s\n' "$p"; return 0; fi
      p=$(dirname -- "$p")
    done
    p="$d/../lib/node_modules/openclaw"
    if [ -f "$p/package.json" ]; then readlink -f -- "$p"; return 0; fi
    if [ "$(stat -c %s -- "$r" 2>/dev/null || echo 99999)" -lt 4096 ]; then
      p=$(grep -o '/[^ "]*/node_modules/openclaw/' "$r" 2>/dev/null | head -n1)
      if [ -n "$p" ] && [ -f "${p}package.json" ]; then printf '%s\n' "${p%/}"; return 0; fi
    fi
    return 1
  done
  return 1
}

# _ocss_oc_version: the installed version, from the package's package.json (read as root; nothing is run).
_ocss_oc_version() {
  local pkg
  pkg=$(_ocss_oc_pkg) || return
  sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1
}

# _ocss_oc_schema: `openclaw config schema` of the installed package. It is run as the account once per install and
# kept root-only under /var/cache/openclaw-secure-setup, named after the version, the package's path and its
# package.json's inode, size and mtime (a reinstall or an upgrade makes a new name), so later applies skip one Node
# start-up each (~1.7 s). A cached copy that is not a root-owned regular file is ignored and replaced.
_ocss_oc_schema() {
  local pkg version key dir f out
  pkg=$(_ocss_oc_pkg) || return
  version=$(_ocss_oc_version | sed 's/[^A-Za-z0-9._-]/_/g')
  key=$(stat -c '%i-%s-%Y' -- "$pkg/package.json")-$(printf '%s' "$pkg" | sha256sum | cut -c1-16) || return
  dir=/var/cache/openclaw-secure-setup/openclaw-schema
  f="$dir/${version:-unknown}-$key.json"
  if [ -f "$f" ] && [ ! -L "$f" ] && [ "$(stat -c %u -- "$f")" = 0 ] && [ -s "$f" ]; then cat -- "$f"; return 0; fi
  out=$(ocss_oc config schema) || return
  if (umask 077 && mkdir -p -- "$dir" && printf '%s\n' "$out" >"$f.$$" && mv -f -- "$f.$$" "$f") 2>/dev/null; then
    find "$dir" -maxdepth 1 -type f ! -name "${f##*/}" -delete 2>/dev/null || true
  else
    rm -f -- "$f.$$"
  fi
  printf '%s\n' "$out"
}

# _ocss_oc_require: OpenClaw is installed for the account, or a message saying what to do.
_ocss_oc_require() {
  local user
  user=$(ocss_oc_user) && ocss_oc_home >/dev/null || return
  if ! _ocss_oc_pkg >/dev/null; then
    echo "OpenClaw is not installed for $user (no \"openclaw\" on its PATH). Apply the \"Install OpenClaw\" step first." >&2
    return 2
  fi
}

# The write-side helper (run as the account by its own node; JSON5 from OpenClaw's own node_modules).
_ocss_oc_helper_js() {
  cat <<'OCSS_OC_HELPER_JS'
# @include openclaw-config.mjs
OCSS_OC_HELPER_JS
}

# _ocss_oc_node [NAME=VALUE...] -- MODE STEP: the helper as the account.
_ocss_oc_node() { _ocss_oc_run_js "$(_ocss_oc_helper_js)" "$@"; }

# _ocss_oc_run_js JS [NAME=VALUE…] -- ARGS…: the JavaScript module JS run by the account's own node, as the account,
# with OCSS_OC_PKG (the installed package's folder) and the given variables in its environment.
_ocss_oc_run_js() {
  local js=$1 pkg
  shift
  pkg=$(_ocss_oc_pkg) || return
  local -a envs=("OCSS_OC_PKG=$pkg")
  while [ "${1:-}" != -- ]; do envs+=("$1"); shift; done
  shift
  _ocss_oc_as "${envs[@]}" -- node --input-type=module -e "$js" -- "$@"
}

# _ocss_oc_fix_modes: the state folder 700 and openclaw.json (and its .bak files) 600, as the account.
_ocss_oc_fix_modes() {
  local home
  home=$(ocss_oc_home) || return
  # shellcheck disable=SC2016 # expanded by the account's shell
  _ocss_oc_as -- bash -c 'd=$HOME/.openclaw; [ -d "$d" ] && [ ! -L "$d" ] || exit 0
    [ "$(stat -c %a "$d")" = 700 ] || { chmod 700 "$d" && echo "==> $d: mode set to 700"; }
    for f in "$d"/openclaw.json "$d"/openclaw.json.bak*; do
      [ -f "$f" ] && [ ! -L "$f" ] || continue
      [ "$(stat -c %a "$f")" = 600 ] || { chmod 600 "$f" && echo "==> $f: mode set to 600"; }
    done'
}

# ocss_oc_patch STEP: applies the JSON patch on stdin to OpenClaw's config as the account. Every leaf key is looked up
# in `openclaw config schema` of the installed version first. When every key already has its value: prints
# "unchanged" and writes nothing. Otherwise keeps what undo needs in ~/.openclaw/.ocss-undo/STEP.json (600), then
# `config patch --stdin --dry-run --json`, the write, `config validate --json`, the modes; prints "changed".
# Sets OCSS_OC_CHANGED=1/0 when run in the script's own shell (not in a pipeline).
ocss_oc_patch() {
  local step=${1:?ocss_oc_patch STEP} patch version out line missing=''
  [[ "$step" =~ ^[a-z][a-z0-9-]{1,47}$ ]] || { echo "ocss_oc_patch: bad step id \"$step\"" >&2; return 2; }
  patch=$(cat)
  _ocss_oc_require || return
  version=$(_ocss_oc_version)
  say "Checking the keys against the settings of OpenClaw $version (openclaw config schema)"
  out=$(_ocss_oc_schema | _ocss_oc_node "OCSS_PATCH=$patch" "OCSS_OC_VERSION=$version" -- plan "$step") || {
    echo "Could not compare the settings with OpenClaw's config: $out" >&2
    return 1
  }
  while IFS= read -r line; do
    case "$line" in
      missing\ *) missing+=" ${line#missing }" ;;
      key\ *) say "Changing ${line#key }" ;;
      same\ *) say "${line#same } already has the wanted value" ;;
    esac
  done <<<"$out"
  if [ -n "$missing" ]; then
    for line in $missing; do echo "OpenClaw $version has no setting $line. Nothing was changed; update OpenClaw or this app." >&2; done
    return 3
  fi
  if [ "$(tail -n1 <<<"$out")" = unchanged ]; then
    say 'Nothing to change: OpenClaw already has these settings (openclaw.json left as it is)'
    OCSS_OC_CHANGED=0
    echo unchanged
    return 0
  fi
  say 'Dry run: openclaw config patch --stdin --dry-run --json'
  out=$(printf '%s\n' "$patch" | ocss_oc config patch --stdin --dry-run --json 2>&1) || { printf '%s\n' "$out" >&2; echo 'The dry run failed; nothing was written.' >&2; return 1; }
  grep -q '"ok": *true' <<<"$out" || { printf '%s\n' "$out" >&2; echo 'The dry run did not report ok; nothing was written.' >&2; return 1; }
  say 'Writing: openclaw config patch --stdin'
  printf '%s\n' "$patch" | ocss_oc config patch --stdin || { echo 'openclaw config patch failed.' >&2; return 1; }
  if [ -n "${OCSS_FACTS_CACHE:-}" ]; then rm -f -- "$OCSS_FACTS_CACHE"; fi
  say 'Validating: openclaw config validate --json'
  out=$(ocss_oc config validate --json 2>&1) || true
  grep -q '"valid": *true' <<<"$out" || { printf '%s\n' "$out" >&2; echo 'OpenClaw reports its config as invalid after the write. Undo this step, or run "openclaw config validate" as the OpenClaw account.' >&2; return 1; }
  _ocss_oc_fix_modes
  OCSS_OC_CHANGED=1
  echo changed
}

# ocss_oc_undo STEP: restores the keys STEP changed to their earlier values (absent ones are deleted), but only those
# still at the value STEP set: a key changed by hand since is kept and reported. Removes the undo record.
ocss_oc_undo() {
  local step=${1:?ocss_oc_undo STEP} out line patch=''
  [[ "$step" =~ ^[a-z][a-z0-9-]{1,47}$ ]] || { echo "ocss_oc_undo: bad step id \"$step\"" >&2; return 2; }
  _ocss_oc_require || return
  out=$(_ocss_oc_node -- undo "$step" </dev/null) || { echo "Could not read the undo record: $out" >&2; return 1; }
  while IFS= read -r line; do
    case "$line" in
      norecord) say 'Nothing to undo: this step never changed the OpenClaw config here'; OCSS_OC_CHANGED=0; return 0 ;;
      kept\ *) say "Kept your later change to ${line#kept }" ;;
      restore\ *) say "Restoring ${line#restore }" ;;
      patch\ *) patch=${line#patch } ;;
    esac
  done <<<"$out"
  OCSS_OC_CHANGED=0
  if [ -n "$patch" ]; then
    say 'Writing: openclaw config patch --stdin'
    printf '%s\n' "$patch" | ocss_oc config patch --stdin || { echo 'openclaw config patch failed; the undo record is kept.' >&2; return 1; }
    if [ -n "${OCSS_FACTS_CACHE:-}" ]; then rm -f -- "$OCSS_FACTS_CACHE"; fi
    out=$(ocss_oc config validate --json 2>&1) || true
    grep -q '"valid": *true' <<<"$out" || { printf '%s\n' "$out" >&2; echo 'OpenClaw reports its config as invalid after the undo.' >&2; return 1; }
    _ocss_oc_fix_modes
    OCSS_OC_CHANGED=1
  fi
  # The record, and its folder when no other step's record is left in it.
  # shellcheck disable=SC2016 # expanded by the account's sh
  _ocss_oc_as -- sh -c 'rm -f -- "$1/$2.json" && rmdir -- "$1" 2>/dev/null; true' ocss-undo "$(ocss_oc_home)/.openclaw/.ocss-undo" "$step"
}

# ocss_oc_secret_set NAME: stores the value on stdin in OpenClaw's secret store (always --kind secret). Trailing
# newlines are dropped (ocss_new_token ends in one), so the store holds exactly the value; it passes through this
# shell's memory and printf, a builtin: never an argument list.
ocss_oc_secret_set() {
  local name=${1:?ocss_oc_secret_set NAME} value
  [[ "$name" =~ ^[A-Z][A-Z0-9_]{0,127}$ ]] || { echo "ocss_oc_secret_set: bad secret name \"$name\"" >&2; return 2; }
  value=$(cat)
  [ -n "$value" ] || { echo "ocss_oc_secret_set: no value for $name arrived on stdin; nothing was stored." >&2; return 2; }
  printf '%s' "$value" | ocss_oc secrets store set "$name" --kind secret --value-file - >/dev/null || { echo "Storing $name in OpenClaw's secret store failed." >&2; return 1; }
  if [ -n "${OCSS_FACTS_CACHE:-}" ]; then rm -f -- "$OCSS_FACTS_CACHE"; fi
}

# ocss_oc_token_shape: gateway.auth of openclaw.json as "mode X" and "token unset|plaintext N|ref SOURCE PROVIDER ID|other"
# lines (JSON5, read by the account's own node as the account; never the value).
ocss_oc_token_shape() { _ocss_oc_require && _ocss_oc_node -- token-shape gateway-token </dev/null; }

# ocss_oc_token_plain: a plaintext gateway.auth.token on stdout, read as the account: pipe it into ocss_oc_secret_set only.
ocss_oc_token_plain() { _ocss_oc_require && _ocss_oc_node -- token-value gateway-token </dev/null; }

# ocss_oc_secret_length NAME: the length of the live secret-store entry NAME of kind secret (from ocss_oc_facts; root
# reads the SQLite file read-only), or nothing.
ocss_oc_secret_length() {
  ocss_oc_facts | awk -v n="$1" '/^### / { s = ($2 == "oc-secrets"); next } s && $1 == n && $2 == "secret" { print $3 }'
}

# ocss_new_token: 64 characters of base64url from /dev/urandom (for piping; never put it in an argument).
ocss_new_token() { head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_'; echo; }

# _ocss_oc_user_systemctl ARGS...: the system's systemctl (found on root's PATH, never the account's, which the
# account can fill with its own programs), run as the account against its user manager: systemctl --user ARGS.
_ocss_oc_user_systemctl() {
  local sc
  sc=$(PATH=/usr/bin:/bin:/usr/sbin:/sbin command -v systemctl) || { echo 'systemctl not found' >&2; return 1; }
  _ocss_oc_as -- "$sc" --user "$@"
}

# ocss_oc_gateway_active: the account's openclaw-gateway user unit is active (false without a user manager).
ocss_oc_gateway_active() {
  local uid
  uid=$(ocss_oc_uid 2>/dev/null) && [ -S "/run/user/$uid/bus" ] && _ocss_oc_user_systemctl is-active --quiet openclaw-gateway.service
}

# _ocss_oc_listeners PORT: the local addresses listening on TCP PORT, one per line, sorted (nothing when none).
_ocss_oc_listeners() { ss -ltnH "sport = :$1" 2>/dev/null | awk '{print $4}' | sort; }

# ocss_oc_wait_listening PORT: after the gateway unit (re)started, waits up to 90 s until it listens on PORT:
# on both loopback addresses, or on the same addresses in two reads half a second apart (another bind). Prints them.
# Fails, with the unit's status, when the unit stops or fails meanwhile, so a step never reports done half-started.
ocss_oc_wait_listening() {
  local port=$1 start=$SECONDS l prev='' state
  while :; do
    l=$(_ocss_oc_listeners "$port")
    if [ -n "$l" ] && { [ "$l" = "$prev" ] || { grep -qx "127.0.0.1:$port" <<<"$l" && grep -qx "\[::1\]:$port" <<<"$l"; }; }; then break; fi
    state=$(_ocss_oc_user_systemctl show -p ActiveState --value openclaw-gateway.service 2>/dev/null || echo unknown)
    if [ "$state" = failed ] || [ "$state" = inactive ]; then
      _ocss_oc_user_systemctl status --no-pager openclaw-gateway.service 2>&1 | tail -n 15 >&2 || true
      echo "The gateway service stopped while starting (its status is above). Its log: journalctl --user -u openclaw-gateway as $(ocss_oc_user)." >&2
      return 1
    fi
    if [ $((SECONDS - start)) -ge 90 ]; then
      echo "The gateway runs but does not listen on port $port after 90 s; see: journalctl --user -u openclaw-gateway as $(ocss_oc_user)." >&2
      return 1
    fi
    prev=$l
    sleep 0.5
  done
  echo "listening after $((SECONDS - start)) s:"
  printf '  %s\n' "$l"
}

# ocss_oc_stop_gateway [PORT]: stops the account's openclaw-gateway user unit and waits for it, saying so every
# 15 s. OpenClaw's unit gives the gateway 330 s to stop (TimeoutStopSec), and a gateway whose chat channel cannot reach
# its server (offline, a firewall, a proxy) waits for that channel the whole time before systemd kills it, long after it
# closed its port (measured on 2026.9.6: the port closes after about 10 s; a gateway without that wait is gone within a
# second of closing it). So the stop is finished the way systemd would finish it at 330 s, with SIGKILL, once the port
# (default 18789) has been closed for 5 s, or after 45 s in any case. OpenClaw keeps its state in SQLite with a
# write-ahead log, which a kill does not corrupt. Fails, with the unit's status, if the unit is still there after that.
ocss_oc_stop_gateway() {
  local port=${1:-18789} limit=45 grace=5 start=$SECONDS state killed='' said=0 closed='' why=''
  _ocss_oc_user_systemctl stop --no-block openclaw-gateway.service
  while :; do
    state=$(_ocss_oc_user_systemctl show -p ActiveState --value openclaw-gateway.service 2>/dev/null || echo unknown)
    case $state in inactive | failed) break ;; esac
    if [ -z "$closed" ] && [ -z "$(_ocss_oc_listeners "$port")" ]; then closed=$SECONDS; fi
    if [ -z "$killed" ] && [ -n "$closed" ] && [ $((SECONDS - closed)) -ge "$grace" ]; then
      why="The gateway closed its port but still runs $grace s later (OpenClaw waits for its chat channels; one that cannot reach its server keeps it for up to 330 s)"
    elif [ -z "$killed" ] && [ $((SECONDS - start)) -ge "$limit" ]; then
      why="The gateway did not stop within $limit s (OpenClaw waits for its chat channels; one that cannot reach its server keeps it for up to 330 s)"
    fi
    if [ -z "$killed" ] && [ -n "$why" ]; then
      say "$why: stopping it with SIGKILL"
      _ocss_oc_user_systemctl kill --signal=SIGKILL openclaw-gateway.service || true
      killed=$SECONDS
    elif [ -n "$killed" ] && [ $((SECONDS - killed)) -ge 15 ]; then
      _ocss_oc_user_systemctl status --no-pager openclaw-gateway.service 2>&1 | tail -n 15 >&2 || true
      echo "The gateway service does not stop, even after SIGKILL (its status is above). Its log: journalctl --user -u openclaw-gateway as $(ocss_oc_user)." >&2
      return 1
    elif [ $((SECONDS - start)) -ge $((said + 15)) ]; then
      said=$((SECONDS - start))
      say "Waiting for the gateway to stop ($said s)"
    fi
    sleep 0.5
  done
  if [ "$state" = failed ]; then _ocss_oc_user_systemctl reset-failed openclaw-gateway.service 2>/dev/null || true; fi
}

# ocss_oc_restart_gateway [WHY]: restarts the account's openclaw-gateway user unit when it is active (a stop bounded
# as ocss_oc_stop_gateway says, then a start), and waits until it listens again.
ocss_oc_restart_gateway() {
  local port=18789 # gateway.port's default; the steps never change it
  if ocss_oc_gateway_active; then
    say "${1:-Restarting the gateway (systemctl --user restart openclaw-gateway)}"
    ocss_oc_stop_gateway "$port" || return 1
    _ocss_oc_user_systemctl start openclaw-gateway.service
    ocss_oc_wait_listening "$port"
  else
    say 'The gateway service is not running; nothing to restart'
  fi
}

# The record of the last deep audit (root's, /var/lib/openclaw-secure-setup/state/last-audit-<account>).
# @include audit-stamp.sh

# ocss_oc_audit: OpenClaw's own `security audit --deep --json` as the account (after a config write); prints the
# summary and each finding's severity and id, nothing else of the report. When the audit produced a report, root
# records it with the state of openclaw.json read BEFORE the audit started (lib/audit-stamp.sh), so that the step
# audit-fresh passes until openclaw.json changes again.
ocss_oc_audit() {
  local user home conf out
  user=$(ocss_oc_user) && home=$(ocss_oc_home) || return
  conf=$(ocss_audit_config_state "$home")
  out=$(mktemp) || { echo 'Could not make a temporary file for the audit report.' >&2; return 1; }
  say 'Auditing: openclaw security audit --deep --json (as the OpenClaw account)'
  _ocss_oc_as -- timeout 150 openclaw security audit --deep --json >"$out" 2>/dev/null || true
  if ocss_audit_report_ok "$out"; then ocss_audit_stamp_write "$user" "$conf" || echo 'Could not record the audit (audit-fresh will ask for a new one).' >&2; fi
  # Parsing text as root is fine; nothing of the account's runs here.
  /usr/bin/python3 -I -c 'import json, sys
t = open(sys.argv[1], encoding="utf-8", errors="replace").read()
try:
    d = json.loads(t[t.index("{"):t.rindex("}") + 1])
    s = d["summary"]
    print("audit critical=%d warn=%d info=%d" % (s["critical"], s["warn"], s["info"]))
    for f in d.get("findings", []):
        print("audit %s %s" % (f.get("severity"), f.get("checkId")))
except Exception:
    print("audit: no result (run \"openclaw security audit --deep\" as the OpenClaw account to see why)")' "$out"
  rm -f -- "$out"
}

# ocss_oc_facts: what the OpenClaw checks judge, read by root from files only (no openclaw process), as `### oc-…`
# sections. Cached in $OCSS_FACTS_CACHE (a root-owned file in the job folder) so one read serves a whole pass.
ocss_oc_facts() {
  if [ -n "${OCSS_FACTS_CACHE:-}" ] && [ -f "$OCSS_FACTS_CACHE" ] && [ ! -L "$OCSS_FACTS_CACHE" ]; then cat -- "$OCSS_FACTS_CACHE"; return 0; fi
  if [ -n "${OCSS_FACTS_CACHE:-}" ]; then
    (umask 077; _ocss_oc_facts_read >"$OCSS_FACTS_CACHE.tmp") && mv -f -- "$OCSS_FACTS_CACHE.tmp" "$OCSS_FACTS_CACHE" && cat -- "$OCSS_FACTS_CACHE"
  else
    _ocss_oc_facts_read
  fi
}

# _ocss_oc_cred_find FORMAT: in the state folder (cwd), the credential paths the audit's fs.* checks judge, printed
# with find's -printf FORMAT; links are not followed (-P). Skipped: OpenClaw's workspace, its plugin-skills/* links, and
# tmp/ and cache/, where a running gateway keeps lock files (tmp/openclaw-UID/*.lock.sqlite, 644) inside the 700 folder.
_ocss_oc_cred_find() {
  find -P . -mindepth 1 -maxdepth 6 \( -path ./workspace -o -path ./plugin-skills -o -path ./node_modules -o -path ./tmp -o -path ./cache \) -prune -o \
    \( -name 'openclaw.json' -o -name 'openclaw.json.bak*' -o -name 'auth-profiles.json' -o -path './credentials' -o -path './credentials/*' \
    -o -name 'sessions.json' -o -name '*.sqlite' -o -name '*.sqlite-wal' -o -name '*.sqlite-shm' -o -name '*.sqlite-journal' \
    -o -path ./.ocss-undo -o -path './.ocss-undo/*' \) -printf "$1" 2>/dev/null
}

# The JSON/JSON5 reader and redactor of openclaw.json for ocss_oc_facts (run as root by /usr/bin/python3).
_ocss_oc_redact_py() {
  cat <<'OCSS_OC_REDACT_PY'
# @include openclaw-redact.py
OCSS_OC_REDACT_PY
}

_ocss_oc_facts_read() {
  local user home uid state pkg f
  echo '### oc-pid1'
  cat /proc/1/comm 2>/dev/null || echo unknown
  echo '### oc-account'
  if ! user=$(ocss_oc_user 2>/dev/null); then echo 'invalid'; return 0; fi
  if ! home=$(ocss_oc_home 2>/dev/null) || ! uid=$(ocss_oc_uid 2>/dev/null); then echo "missing $user"; return 0; fi
  echo "user $user"; echo "uid $uid"; echo "home $home"
  echo '### oc-version'
  if pkg=$(_ocss_oc_pkg 2>/dev/null); then _ocss_oc_version; else echo 'not-installed'; fi
  state=$home/.openclaw
  echo '### oc-config'
  # Parsed here, as root, by the system's python3 (JSON, else JSON5): what leaves the machine is strict JSON with every
  # plaintext secret replaced by its shape, or "unparseable" with the size and mode only (openclaw-redact.py).
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -I -c "$(_ocss_oc_redact_py)" "$state/openclaw.json" 2>/dev/null || echo 'unreadable python3-failed'
  else
    echo 'unreadable no-python3'
  fi
  echo '### oc-paths'
  # type mode owner path (relative to the state folder): the paths the audit's fs.* checks judge. -P: links are not followed.
  if [ -e "$state" ] || [ -L "$state" ]; then
    find -P "$state" -maxdepth 0 -printf '%y|%m|%u|.\n'
    if [ -d "$state" ] && [ ! -L "$state" ]; then
      (cd "$state" && _ocss_oc_cred_find '%y|%m|%u|%p\n' | head -n 500)
    fi
  fi
  echo '### oc-listen'
  ss -ltnpH 2>/dev/null || echo 'ss-failed'
  echo '### oc-secrets'
  f=$state/state/openclaw.sqlite
  if [ -f "$f" ] && [ ! -L "$f" ] && [ -x /usr/bin/python3 ]; then
    # Names and value lengths only; the values never leave the database.
    /usr/bin/python3 -I -c 'import sqlite3, sys, urllib.parse
try:
    db = sqlite3.connect("file:" + urllib.parse.quote(sys.argv[1]) + "?mode=ro", uri=True)
    for name, kind, n in db.execute("SELECT name, kind, length(value) FROM secret_store_entries WHERE deleted_at_ms IS NULL ORDER BY name"):
        print(name, kind, n)
except Exception as e:
    print("unreadable", type(e).__name__)' "$f" 2>/dev/null || echo unreadable
  else
    echo none
  fi
  echo '### oc-workspace'
  # TYPE|PATH of the default workspace and of every folder openclaw.json names as a workspace (found by text; which
  # one counts is the app's JSON5 reading of the config). -P: links are not followed.
  {
    printf '%s\n' "$state/workspace"
    if [ -f "$state/openclaw.json" ] && [ ! -L "$state/openclaw.json" ]; then
      head -c 1048576 -- "$state/openclaw.json" | grep -oE "[\"']?workspace[\"']?[[:space:]]*:[[:space:]]*[\"'][^\"'\\]{1,1024}[\"']" |
        sed -E "s/^[^:]*:[[:space:]]*[\"'](.*)[\"']$/\1/; s|^~/|$home/|" | grep '^/' | head -n 20
    fi
  } | sort -u | while IFS= read -r f; do
    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s|%s\n' "$(find -P "$f" -maxdepth 0 -printf '%y')" "$f"; else printf 'missing|%s\n' "$f"; fi
  done
  echo '### oc-unit'
  f=$home/.config/systemd/user/openclaw-gateway.service
  if [ -L "$f" ]; then echo "unit-file symlink $f"; elif [ -f "$f" ]; then echo "unit-file present $f"; else echo "unit-file missing $f"; fi
  if [ -S "/run/user/$uid/bus" ] && PATH=/usr/bin:/bin:/usr/sbin:/sbin command -v systemctl >/dev/null; then
    echo "enabled $(_ocss_oc_user_systemctl is-enabled openclaw-gateway.service 2>/dev/null | head -n1)"
    echo "active $(_ocss_oc_user_systemctl is-active openclaw-gateway.service 2>/dev/null | head -n1)"
  else
    echo 'no-bus'
  fi
  if [ -e "/var/lib/systemd/linger/$user" ]; then echo 'linger yes'; else echo 'linger no'; fi
}

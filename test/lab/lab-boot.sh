#!/bin/bash
# lab-boot.sh ROOTFS LABDIR NAME HOSTNAME SETUP-SCRIPT SETUP-ARGS… — starts one lab whose pid 1 is systemd
# (startLab({ systemd: true })). Started by lab.ts as
#   nsenter --net=/run/netns/<NAME> -- unshare --mount --propagation private -- bash lab-boot.sh …
# with the lab user's password and public key on stdin (for the setup script; never on a command line).
#
# 1. Own cgroups /sys/fs/cgroup/{systemd,unified}/NAME (or /sys/fs/cgroup/NAME on a cgroup2-only host): systemd-nspawn
#    --keep-unit puts its payload/ and supervisor/ groups below the cgroup it runs in; lab.ts removes NAME at stop().
# 2. The overlay on LABDIR/merged and a private tmpfs on /run (nspawn keeps its locks and propagation dirs in
#    /run/systemd/nspawn: with this they live and die with this mount namespace, the host's /run never sees them).
# 3. The lab setup (users, keys, sudoers, sshd config) in a chroot on the overlay, reading stdin; its stdout (host key
#    lines) goes to lab.ts, then "BOOTING".
# 4. exec systemd-nspawn --boot: systemd as pid 1 of new pid/mount/UTS/IPC namespaces in the lab's netns; it starts
#    sshd through the stock ssh.service. The console goes to LABDIR/console.log.
set -euo pipefail
lower=$1 dir=$2 name=$3 hn=$4 setup=$5
shift 5
m=$dir/merged
die() { echo "lab-boot: $*" >&2; exit 2; }
[ -f "$lower/.ocss-lab-rootfs-complete" ] || die "$lower is not a complete lab rootfs"
command -v systemd-nspawn >/dev/null || die "systemd-nspawn not found: install Debian's systemd-container (apt-get install systemd-container)"

for cg in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
  case $(stat -f -c %T "$cg" 2>/dev/null) in
    cgroup2fs) ;;
    cgroupfs) [ "$cg" = /sys/fs/cgroup/systemd ] || continue ;;
    *) continue ;;
  esac
  mkdir -p "$cg/$name"
  echo $$ >"$cg/$name/cgroup.procs"
done

mkdir -p "$dir/upper" "$dir/work" "$m"
mount -t overlay ocss-lab -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$m"
mount -t tmpfs -o nosuid,nodev,mode=755 ocss-lab-run /run

# The setup sees a minimal /run (sshd -t wants its privilege separation dir); nspawn mounts the lab's own /run later.
mount -t tmpfs -o nosuid,nodev,mode=755 ocss-lab-setup "$m/run"
mkdir -m 755 "$m/run/sshd"
chroot "$m" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /bin/bash -c "$setup" setup "$@"
umount "$m/run"
echo BOOTING

# --network-namespace-path: this process already is in the lab's netns (nspawn must not make its own). nspawn keeps
# CAP_NET_ADMIN and a writable /proc/sys/net only for networks it makes itself, so both are asked for: ufw, nft and
# the net.* sysctls work in the lab (and only touch its netns), as in the default lab. /proc/sys outside net stays
# read-only. No host files go in: no resolv.conf, no timezone, no journal link, no machined registration.
export SYSTEMD_NSPAWN_API_VFS_WRITABLE=network
# In a chroot (a CI box) "/" is not a mount point, and nspawn fails to make it a slave ("Failed to mount n/a on /
# (MS_REC|MS_SLAVE ...): Invalid argument"). There it runs chrooted into a recursive bind of / (made private) in the
# lab's temp dir, where "/" is a mount point; every path stays the same. On a normal host nothing changes.
chrooted=()
if ! mountpoint -q /; then
  mkdir -p "$dir/root"
  mount --rbind / "$dir/root"
  mount --make-rprivate "$dir/root"
  chrooted=(chroot "$dir/root")
fi
# OCSS_LAB_TRACE (startLab's traceExecve): every execve of the lab into that host file, by OCSS_LAB_TRACER (exec-trace.c).
traced=()
# OCSS_LAB_DOCKER (startLab's docker): /var/lib/docker on a tmpfs of the lab, since overlay2 cannot stack on the overlay root.
docker=()
# runc joins a session keyring (add_key, keyctl), which nspawn's seccomp filter refuses by default.
# nspawn mounts the cgroup v1 controllers read-only in the container (runc: "mkdir /sys/fs/cgroup/cpuset/docker:
# read-only file system"); with the unified hierarchy the container owns its subtree (no controllers are enabled there
# on this machine, which runs them on v1, so containers get no resource limits; the sandbox probe sets none).
if [ "${OCSS_LAB_DOCKER:-}" = 1 ]; then
  docker=(--tmpfs=/var/lib/docker:mode=710 "--system-call-filter=add_key keyctl bpf")
  export SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1
fi
if [ -n "${OCSS_LAB_TRACE:-}" ]; then traced=("$OCSS_LAB_TRACER" -o "$OCSS_LAB_TRACE" --); fi
exec "${chrooted[@]}" "${traced[@]}" systemd-nspawn --quiet --directory="$m" --boot --machine="$hn" --register=no --keep-unit \
  --network-namespace-path=/proc/self/ns/net --capability=CAP_NET_ADMIN "${docker[@]}" \
  --resolv-conf=off --timezone=off --link-journal=no --console=read-only </dev/null >"$dir/console.log" 2>&1

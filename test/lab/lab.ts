/**
 * Lab targets: throw-away Debian "machines" for end-to-end tests, each in its own network namespace + mount/pid/uts/ipc
 * namespace + chroot on an overlay of a cached, read-only root filesystem (see build-rootfs.sh and README.md).
 * With `systemd: true` the same overlay is booted by systemd-nspawn (lab-boot.sh): systemd is pid 1 of the lab.
 *
 * Node 20, ESM, node: builtins only. Must run as root (netns, mounts). Linux only.
 *
 * Not a security boundary: root inside a lab is root on the kernel. The lab keeps the usual test actions (firewall
 * rules, sysctl net.*, /etc edits, users, sudoers, resolv.conf, hostname, chattr) away from the host, because they
 * happen in the lab's own network namespace, overlay and UTS namespace; /proc/sys outside net.* and /sys are read-only.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execTracer } from './exec-trace';

export interface ExecResult { code: number; stdout: string; stderr: string }

export interface ExecOptions {
  /** run as this user (default root); the environment is reset to that user's login values (setpriv --reset-env) */
  user?: string;
  /** written to the command's stdin, then stdin is closed (stdin is empty otherwise) */
  input?: string;
  /** extra environment variables (they appear in the argument list of `env`, so never put secrets here) */
  env?: Record<string, string>;
  /** working directory inside the lab (default: the user's home, or / if it does not exist) */
  cwd?: string;
  /** kill the command after this many ms (default 120 000); the result then has code 124 */
  timeoutMs?: number;
}

export interface Lab {
  /** netns name, 'ocss-lab-<6 hex>' */
  readonly name: string;
  /** the lab's address ('10.231.<n>.2'), reachable from the host through a veth pair */
  readonly host: string;
  /** the host end of the veth pair ('10.231.<n>.1') */
  readonly hostSideAddress: string;
  /** sshd port (default 22) */
  readonly port: number;
  /** login user, 'ocss' */
  readonly user: string;
  /** host-side path of the user's ed25519 private key (mode 600), inside the lab's temp dir */
  readonly identityFile: string;
  /** the user's random sudo password (memory only; never written to disk outside the lab's /etc/shadow hash) */
  readonly sudoPassword: string;
  /** 'SHA256:…' of the lab sshd's ed25519 host key, as `ssh-keygen -lf` prints it */
  readonly hostKeyFingerprint: string;
  /** 'ssh-ed25519 AAAA…' (no comment) */
  readonly hostKeyPublic: string;
  /** JSON file for the wsl.exe stand-in (test/wsl-standin/wsl.exe reads it via OCSS_WSL_STANDIN_STATE) */
  readonly stateFile: string;
  /**
   * The merged (overlay) root as mounted inside the lab's private mount namespace ('<dir>/merged'). The host's mount
   * namespace does NOT see this mount (the directory is empty from the host); use `hostRootPath` from the host.
   */
  readonly rootfs: string;
  /** '/proc/<pid>/root': the lab's root directory reachable from the host while the lab runs (read/write!) */
  readonly hostRootPath: string;
  /** host pid of the lab's init (pid 1 inside the lab); `nsenter --target <pid> --all --root --wd` enters the lab */
  readonly pid: number;
  /** the lab's temp dir on the host (overlay upper/work, key pair, state file); removed by stop() */
  readonly dir: string;
  /** the read-only lower layer (cached rootfs) */
  readonly lowerRootfs: string;
  /** started with `systemd: true`: `pid` is systemd, `exec` runs beside it (not in a login session) */
  readonly systemd: boolean;
  /** false when started with `openclaw: false` (no OpenClaw, no Node on PATH; `LAB_TOOLS_NODE` is there) */
  readonly openclaw: boolean;
  /** started with `docker: true`: Debian's dockerd runs (docker.service) in the lab's netns; `LAB_SANDBOX_IMAGE_TAR` is there */
  readonly docker: boolean;
  /** run argv inside the lab as root (or as opts.user), in its namespaces + chroot; stdin from opts.input */
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** idempotent; kills every process of the lab, deletes its netns and veth, removes the temp dir */
  stop(): Promise<void>;
}

export interface StartLabOptions {
  /**
   * sshd port inside the lab (default 22, where a real machine's sshd is; the lab's own network namespace keeps it off
   * the host's port 22). Pass a non-default port (2222) to cover machines whose sshd listens elsewhere.
   */
  sshPort?: number;
  /** sudoers entry with NOPASSWD (default false: sudo asks for the password) */
  sudoNoPassword?: boolean;
  /** sshd accepts password logins (PasswordAuthentication yes) for the user, whose password is `sudoPassword` (default false) */
  passwordAuth?: boolean;
  /** ms to wait for sshd (default 30 000), and with `systemd` for the boot too (default 120 000) */
  timeoutMs?: number;
  /**
   * PID 1 is systemd (systemd-nspawn --boot, Debian's systemd-container on the host): journald, logind, dbus and sshd
   * (ssh.service) run as on a real server, so `loginctl enable-linger`, user@UID.service, the user bus
   * (/run/user/UID/bus) and user units work. startLab() returns when the system is `running` or `degraded` and sshd
   * answers (default false: a bash pid 1 that only reaps, sshd started directly).
   */
  systemd?: boolean;
  /**
   * false: a machine without OpenClaw: /opt/openclaw, /usr/local/bin/openclaw and /usr/local/bin/node24 are hidden by
   * whiteouts in the overlay's upper layer (no Node on any PATH either). Test tools still find Node 24 at
   * `LAB_TOOLS_NODE` (/opt/ocss-lab-node/bin/node), on nobody's PATH. Default true.
   */
  openclaw?: boolean;
  /**
   * `systemd` only: system units to install before the boot, name → unit file text. Each goes to
   * /etc/systemd/system/NAME and is enabled for multi-user.target, so the boot runs it (e.g. a unit that fails, or a
   * service that is already there on a "used" machine).
   */
  units?: Readonly<Record<string, string>>;
  /**
   * `systemd` only: a host file that receives every execve/execveat of the whole lab, from its first process on
   * (systemd, its services, sshd's sessions, sudo, the user managers and their units), in strace's layout.
   * systemd-nspawn runs under exec-trace (exec-trace.c: a seccomp filter that stops only those two syscalls, without
   * the no_new_privs that `strace --seccomp-bpf` sets and sudo refuses), so the lab runs at nearly full speed. Lines
   * are written as they happen (the file can be read while the lab runs).
   */
  traceExecve?: string;
  /**
   * `systemd` only: Debian's docker.io (dockerd 20.10, containerd, runc; in the rootfs, disabled there) is enabled and
   * runs as docker.service + docker.socket + containerd.service, as on a server after `apt-get install docker.io`.
   * Everything it makes (docker0, its iptables chains, ip_forward) stays in the lab's network namespace;
   * /var/lib/docker is a tmpfs of the lab (overlay2 cannot sit on the lab's overlay root). What this machine needs and a
   * real one does not (see environment.md) is set in /etc/docker/daemon.json (cgroupfs driver, nofile 4096) and a
   * drop-in per unit (LimitNOFILE within the 20000 hard limit). startLab() returns once `docker info` answers.
   * The sandbox image archive is at `LAB_SANDBOX_IMAGE_TAR`, not loaded (loading it is the sandbox step's job).
   */
  docker?: boolean;
}

/** Node 24 for the tests' own tools inside a lab, in every variant (also with `openclaw: false`); on no user's PATH */
export const LAB_TOOLS_NODE = '/opt/ocss-lab-node/bin/node';
/**
 * `docker save` archive of `openclaw-sandbox:bookworm-slim` in every lab (build-rootfs.sh: debootstrap bookworm minbase +
 * bash ca-certificates curl git jq python3 ripgrep, user `sandbox`, as OpenClaw's images-and-setup.md builds it)
 */
export const LAB_SANDBOX_IMAGE_TAR = '/opt/ocss-lab-images/openclaw-sandbox-bookworm-slim.tar';
export const LAB_SANDBOX_IMAGE = 'openclaw-sandbox:bookworm-slim';
/** what `openclaw: false` hides (paths inside the lab) */
const OPENCLAW_PATHS = ['/opt/openclaw', '/usr/local/bin/openclaw', '/usr/local/bin/node24'];

const LAB_USER = 'ocss';
const DISTRO = 'Ubuntu-24.04';
const REGISTRY = '/run/ocss-lab';
const NAME_RE = /^ocss-lab-[0-9a-f]{6}$/;
const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
// OCSS_LAB_SCRIPTS_DIR: where build-rootfs.sh and lab-init.sh are when this file is bundled elsewhere (npm run bench).
const here = process.env.OCSS_LAB_SCRIPTS_DIR ?? fileURLToPath(new URL('.', import.meta.url));
const BUILD_SCRIPT = join(here, 'build-rootfs.sh');
const INIT_SCRIPT = join(here, 'lab-init.sh');
const BOOT_SCRIPT = join(here, 'lab-boot.sh');

interface RegistryEntry {
  name: string;
  ownerPid: number;
  ownerStart: string;
  dir: string;
  hostVeth: string;
  subnet: number;
  initPid?: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// small helpers

function run(cmd: string, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a timeout kills the whole command: `nsenter --pid` forks, and killing only
    // nsenter would leave the command running inside the lab, holding the pipes open (no 'close', no result).
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? { PATH: HOST_PATH, LANG: 'C.UTF-8' }, detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let straggler: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(straggler);
      const stderr = Buffer.concat(err).toString('utf8') + (timedOut ? `\n[lab] killed after ${opts.timeoutMs ?? 120_000} ms` : '');
      resolve({ code: timedOut ? 124 : code ?? 128 + (signal ? signalNumber(signal) : 0), stdout: Buffer.concat(out).toString('utf8'), stderr });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
      // a process that left the group (setsid) may still hold the pipes: stop waiting for them
      straggler = setTimeout(() => { child.stdout.destroy(); child.stderr.destroy(); finish(null, 'SIGKILL'); }, 2000);
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => { done = true; clearTimeout(timer); clearTimeout(straggler); reject(e); });
    child.on('close', finish);
    child.stdin.on('error', () => { /* command did not read its stdin */ });
    child.stdin.end(opts.input ?? '');
  });
}

function signalNumber(sig: NodeJS.Signals): number {
  const n: Partial<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 };
  return n[sig] ?? 0;
}

async function must(cmd: string, args: readonly string[], what: string, input?: string): Promise<string> {
  const r = await run(cmd, args, { input });
  if (r.code !== 0) throw new Error(`lab: ${what} failed (exit ${r.code}): ${cmd} ${args.join(' ')}\n${r.stderr.trim()}`);
  return r.stdout;
}

function mustSync(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: HOST_PATH } });
}

function trySync(cmd: string, args: readonly string[]): boolean {
  try { mustSync(cmd, args); return true; } catch { return false; }
}

/** field 22 of /proc/<pid>/stat (start time in clock ticks), '' if the process does not exist */
function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(pid: number, start: string): boolean {
  const s = processStart(pid);
  return s !== '' && s === start;
}

function netnsList(): string[] {
  try { return readdirSync('/run/netns'); } catch { return []; }
}

function netnsPids(name: string): number[] {
  try {
    return mustSync('ip', ['netns', 'pids', name]).split(/\s+/).filter(Boolean).map(Number).filter((n) => n > 1);
  } catch {
    return [];
  }
}

/** true if pid lives in the named netns (guards against pid reuse before we SIGKILL a recorded pid) */
function inNetns(pid: number, name: string): boolean {
  try { return statSync(`/proc/${pid}/ns/net`).ino === statSync(`/run/netns/${name}`).ino; } catch { return false; }
}

function removeTree(dir: string): void {
  for (let i = 0; i < 3; i++) {
    try { rmSync(dir, { recursive: true, force: true }); return; } catch { /* immutable files (chattr +i) or a busy overlay */ }
    trySync('chattr', ['-R', '-f', '-i', '-a', dir]);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** the cgroups lab-boot.sh makes for a systemd lab (nspawn adds payload/… and supervisor below them) */
const CGROUP_ROOTS = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

/** removes a systemd lab's cgroup trees, deepest first (a cgroup can only be removed once it has no processes) */
function removeLabCgroups(name: string): void {
  const rmTree = (d: string): void => {
    let entries: string[] = [];
    try { entries = readdirSync(d, { withFileTypes: true }).filter((x) => x.isDirectory()).map((x) => x.name); } catch { return; }
    for (const sub of entries) rmTree(join(d, sub));
    for (let i = 0; i < 40; i++) {
      try { rmdirSync(d); return; } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EBUSY') return;
        execFileSync('sleep', ['0.05']); // the last processes are still exiting
      }
    }
  };
  for (const root of CGROUP_ROOTS) { if (existsSync(join(root, name))) rmTree(join(root, name)); }
}

function readRegistry(): RegistryEntry[] {
  let files: string[] = [];
  try { files = readdirSync(REGISTRY).filter((f) => f.endsWith('.json')); } catch { return []; }
  const out: RegistryEntry[] = [];
  for (const f of files) {
    try { out.push(JSON.parse(readFileSync(join(REGISTRY, f), 'utf8')) as RegistryEntry); } catch { /* half-written */ }
  }
  return out;
}

function writeRegistry(e: RegistryEntry): void {
  mkdirSync(REGISTRY, { recursive: true, mode: 0o700 });
  writeFileSync(join(REGISTRY, `${e.name}.json`), JSON.stringify(e));
}

/** the veth ends inside a netns */
function vethLinks(netns: string): string[] {
  try {
    // nsenter, not `ip -n` (which remounts /, and fails inside a chroot such as bare-ci's).
    const out = execFileSync('nsenter', [`--net=/run/netns/${netns}`, 'ip', '-o', 'link', 'show', 'type', 'veth'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: HOST_PATH } });
    return out.split('\n').map((l) => /^\d+: ([^@:]+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  } catch {
    return [];
  }
}

/**
 * Deletes a netns, its veth pairs first: deleting a pair removes both ends (and routes through them) before `ip link`
 * returns, while the kernel tears a deleted netns down later from a workqueue, so a peer namespace (a lab connected to
 * a mirror) could still show its end for a moment. Used for labs and mirrors alike (cleanupStaleLabs() meets both).
 */
export function deleteNetns(name: string): void {
  if (!existsSync(`/run/netns/${name}`)) return;
  for (const link of vethLinks(name)) trySync('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'del', link]);
  trySync('ip', ['netns', 'del', name]);
}

/** synchronous teardown of one lab: used by stop(), process-exit hooks and cleanupStaleLabs() */
function teardownSync(e: { name: string; dir?: string; hostVeth?: string; initPid?: number }): void {
  // Killing pid 1 of the lab's pid namespace makes the kernel kill every process inside it; the processes outside it
  // (the `unshare` parent, the outer halves of `nsenter --pid`) then exit on their own and are reaped by their parent
  // (us), so they are not SIGKILLed unless they linger. Every process in the lab's netns belongs to the lab.
  if (e.initPid && inNetns(e.initPid, e.name)) { try { process.kill(e.initPid, 'SIGKILL'); } catch { /* gone */ } }
  else for (const p of netnsPids(e.name)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
  for (let i = 0; i < 40 && netnsPids(e.name).length > 0; i++) execFileSync('sleep', ['0.05']);
  for (const p of netnsPids(e.name)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
  removeLabCgroups(e.name);
  deleteNetns(e.name);
  if (e.hostVeth && existsSync(`/sys/class/net/${e.hostVeth}`)) trySync('ip', ['link', 'del', e.hostVeth]);
  if (e.dir && existsSync(e.dir)) {
    try { removeTree(e.dir); } catch { /* reported by stop() callers that check */ }
  }
  rmSync(join(REGISTRY, `${e.name}.json`), { force: true });
}

// ---------------------------------------------------------------------------------------------------------------------
// public API

let rootfsPromise: Promise<string> | undefined;

/**
 * Runs build-rootfs.sh (cached under $OCSS_LAB_CACHE, default /var/cache/ocss-lab; the first build takes ~1.5–3 min,
 * later calls ~20 ms) and returns the rootfs path. Memoized per process.
 */
export function ensureRootfs(): Promise<string> {
  rootfsPromise ??= (async () => {
    const r = await run('bash', [BUILD_SCRIPT], { env: { ...process.env, PATH: process.env.PATH ?? HOST_PATH }, timeoutMs: 900_000 });
    const lines = r.stdout.trim().split('\n');
    const path = lines[lines.length - 1] ?? '';
    if (r.code !== 0 || !path.startsWith('/')) {
      throw new Error(`lab: build-rootfs.sh failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-40).join('\n')}`);
    }
    return path;
  })();
  rootfsPromise.catch(() => { rootfsPromise = undefined; });
  return rootfsPromise;
}

/**
 * Removes `ocss-lab-*` network namespaces (and their processes, veth, temp dirs) whose owning process is dead, or that
 * have no registry entry and no processes. Safe to call any time; startLab() calls it.
 */
export function cleanupStaleLabs(): string[] {
  const removed: string[] = [];
  // netns first, registry second: a registry entry is written before its netns is created, so every netns seen here
  // whose lab is still starting has its entry by the time the registry is read.
  const namespaces = netnsList().filter((n) => NAME_RE.test(n));
  const reg = new Map(readRegistry().map((e) => [e.name, e]));
  const names = new Set([...namespaces, ...reg.keys()]);
  for (const name of names) {
    const e = reg.get(name);
    if (e) {
      if (e.ownerPid === process.pid || isAlive(e.ownerPid, e.ownerStart)) continue;
    } else if (netnsPids(name).length > 0) {
      continue; // someone's lab that is still starting (registry entries are written before the netns exists)
    }
    teardownSync(e ?? { name });
    removed.push(name);
  }
  return removed;
}

const live = new Map<string, RegistryEntry>();
let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const all = () => { for (const e of [...live.values()]) { try { teardownSync(e); } catch { /* best effort */ } live.delete(e.name); } };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      all();
      // if nobody else handles the signal, die of it as we would have without this hook
      if (process.listenerCount(sig) === 1) { process.removeListener(sig, handler); process.kill(process.pid, sig); }
    };
    process.on(sig, handler);
  }
}

function pickSubnet(): number {
  const used = new Set<number>();
  for (const m of mustSync('ip', ['-o', '-4', 'addr']).matchAll(/10\.231\.(\d+)\./g)) used.add(Number(m[1]));
  for (const e of readRegistry()) used.add(e.subnet);
  const free: number[] = [];
  for (let n = 1; n <= 254; n++) if (!used.has(n)) free.push(n);
  if (free.length === 0) throw new Error('lab: no free /30 in 10.231.0.0/16');
  return free[randomBytes(2).readUInt16BE(0) % free.length]!;
}

const SETUP_SCRIPT = String.raw`
set -euo pipefail
user=$1 port=$2 addr=$3 nopasswd=$4 pwauth=$5 hn=$6 mode=$7
IFS= read -r pw
IFS= read -r pubkey
ssh-keygen -A >/dev/null
echo "$hn" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hn" >/etc/hosts
printf '%s:%s\n' "$user" "$pw" | chpasswd
unset pw
home=$(getent passwd "$user" | cut -d: -f6)
install -d -m 700 -o "$user" -g "$user" "$home/.ssh"
printf '%s\n' "$pubkey" >"$home/.ssh/authorized_keys"
chown "$user:$user" "$home/.ssh/authorized_keys"; chmod 600 "$home/.ssh/authorized_keys"
if [ "$nopasswd" = 1 ]; then tag='NOPASSWD: '; else tag=''; fi
printf '%s ALL=(ALL:ALL) %sALL\n' "$user" "$tag" >/etc/sudoers.d/"$user"
chmod 440 /etc/sudoers.d/"$user"
visudo -cq
{
  cat /etc/ssh/sshd_config.debian-stock
  printf '\n# --- OpenClaw Secure Setup test lab (test/lab/lab.ts) ---\n'
  printf 'Port %s\nListenAddress %s\n' "$port" "$addr"
  printf 'PasswordAuthentication %s\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM yes\nAllowUsers %s\n' "$pwauth" "$user"
} >/etc/ssh/sshd_config
/usr/sbin/sshd -t
if [ "$mode" = systemd ]; then
  # before the boot, in a chroot: systemd starts sshd (ssh.service); each lab gets its own machine id, and the journal
  # stays in memory (/run/log/journal) instead of writing ~8 MB files into the overlay
  id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$id" >/etc/machine-id
  printf '%s\n' "$id" >/var/lib/dbus/machine-id
  mkdir -p /etc/systemd/journald.conf.d
  printf '[Journal]\nStorage=volatile\n' >/etc/systemd/journald.conf.d/ocss-lab.conf
else
  /usr/sbin/sshd -E /var/log/sshd.log
fi
echo "HOSTKEY $(cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)"
echo "FPR $(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2)"
`;

function waitTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const attempt = () => {
      const s = connect({ host, port });
      s.setTimeout(1000);
      s.once('data', () => { s.destroy(); resolve(true); }); // sshd's banner
      const retry = () => { s.destroy(); if (Date.now() > deadline) resolve(false); else setTimeout(attempt, 100); };
      s.once('error', retry);
      s.once('timeout', retry);
    };
    attempt();
  });
}

/**
 * "private" on a normal host. Inside a chroot "/" is not a mount point and unshare cannot change its propagation;
 * such a chroot must itself sit in a private mount namespace (as bare-ci's does), so "unchanged" is safe there.
 */
function mountPropagation(): 'private' | 'unchanged' {
  return spawnSync('mountpoint', ['-q', '/']).status === 0 ? 'private' : 'unchanged';
}

/**
 * The lab's host key as a known_hosts line for plain `ssh -p lab.port`: ssh files port 22 under the bare host and any
 * other port under "[host]:port", and only finds the key under the name that matches.
 */
export function knownHostsLine(lab: Pick<Lab, 'host' | 'port' | 'hostKeyPublic'>): string {
  return `${lab.port === 22 ? lab.host : `[${lab.host}]:${lab.port}`} ${lab.hostKeyPublic}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** the last `n` lines of a text, without terminal colour codes (systemd's console output has them) */
function tail(text: string, n: number): string {
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '').trimEnd().split('\n').slice(-n).join('\n');
}

/**
 * `openclaw: false`: whiteouts (0/0 character devices) in the overlay's upper layer, made before it is mounted, hide
 * these lower-layer paths; no rebuild. The parent directories get the lower layer's mode and owner, so they look as
 * before.
 */
async function hideInUpper(lower: string, upper: string, paths: readonly string[]): Promise<void> {
  for (const p of paths) {
    mkdirsLikeLower(lower, upper, dirname(p));
    if (!existsSync(join(lower, p))) throw new Error(`lab: cannot hide ${p}: the rootfs has no such path`);
    await must('mknod', [join(upper, p), 'c', '0', '0'], `hiding ${p}`);
  }
}

/** creates upper/<dir> and its parents with the lower layer's modes and owners (the merged view shows the upper's) */
function mkdirsLikeLower(lower: string, upper: string, dir: string): void {
  if (!existsSync(upper)) {
    mkdirSync(upper);
    chmodSync(upper, statSync(lower).mode & 0o7777); // the upper root's mode is the lab's "/" mode
  }
  let rel = '';
  for (const part of dir.split('/').filter(Boolean)) {
    rel = join(rel, part);
    const up = join(upper, rel);
    if (existsSync(up)) continue;
    const st = statSync(join(lower, rel));
    mkdirSync(up);
    chmodSync(up, st.mode & 0o7777);
    chownSync(up, st.uid, st.gid);
  }
}

const UNIT_NAME_RE = /^[A-Za-z0-9@:._-]+\.(service|socket|timer|path|target)$/;

/** creates upper/<dir>: parents as in the lower layer where they exist there, else root-owned 755 */
function mkdirsInUpper(lower: string, upper: string, dir: string): void {
  const parts = dir.split('/').filter(Boolean);
  let known = '';
  for (const part of parts) {
    if (!existsSync(join(lower, known, part))) break;
    known = join(known, part);
  }
  if (known) mkdirsLikeLower(lower, upper, `/${known}`);
  mkdirSync(join(upper, dir), { recursive: true, mode: 0o755 });
}

/**
 * `docker: true`: enables docker.io's units in the upper layer (what `systemctl enable` writes) and sets what this
 * machine needs: the cgroupfs driver (cgroup v1 + v2 mounted), nofile 4096 for containers and LimitNOFILE within the
 * hard limit (no CAP_SYS_RESOURCE here; the units ask for infinity).
 */
function prepareDocker(lower: string, upper: string): void {
  for (const unit of ['docker.service', 'docker.socket', 'containerd.service']) {
    if (!existsSync(join(lower, 'lib/systemd/system', unit))) throw new Error(`lab: docker: true, but the rootfs has no ${unit} (rebuild it: test/lab/build-rootfs.sh)`);
  }
  const wants: [string, string][] = [['multi-user.target.wants', 'docker.service'], ['multi-user.target.wants', 'containerd.service'], ['sockets.target.wants', 'docker.socket']];
  for (const [target, unit] of wants) {
    mkdirsInUpper(lower, upper, `/etc/systemd/system/${target}`);
    symlinkSync(`/lib/systemd/system/${unit}`, join(upper, 'etc/systemd/system', target, unit));
  }
  for (const unit of ['docker.service', 'containerd.service']) {
    mkdirsInUpper(lower, upper, `/etc/systemd/system/${unit}.d`);
    writeFileSync(join(upper, 'etc/systemd/system', `${unit}.d`, 'ocss-lab.conf'),
      '# test/lab/lab.ts (docker: true): the lab has no CAP_SYS_RESOURCE and a 20000 open-files hard limit\n[Service]\nLimitNOFILE=4096:16384\n', { mode: 0o644 });
  }
  mkdirsInUpper(lower, upper, '/etc/docker');
  writeFileSync(join(upper, 'etc/docker/daemon.json'), `${JSON.stringify({
    'exec-opts': ['native.cgroupdriver=cgroupfs'],
    'default-ulimits': { nofile: { Name: 'nofile', Soft: 4096, Hard: 4096 } },
    'storage-driver': 'overlay2',
  }, null, 2)}\n`, { mode: 0o644 });
}

/** `units`: unit files in the upper layer's /etc/systemd/system, enabled for multi-user.target */
function installUnits(lower: string, upper: string, units: Readonly<Record<string, string>>): void {
  mkdirsLikeLower(lower, upper, '/etc/systemd/system/multi-user.target.wants');
  for (const [unit, text] of Object.entries(units)) {
    writeFileSync(join(upper, 'etc/systemd/system', unit), text, { mode: 0o644 });
    symlinkSync(`/etc/systemd/system/${unit}`, join(upper, 'etc/systemd/system/multi-user.target.wants', unit));
  }
}

/**
 * host pid of the container's pid 1: the child of systemd-nspawn that is pid 1 of a new pid namespace and runs
 * systemd (a grandchild of the boot script's process when strace runs nspawn: traceExecve)
 */
function containerInit(nspawnPid: number, depth = 0): number | undefined {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${nspawnPid}/task/${nspawnPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return undefined; }
  if (depth === 0) {
    for (const k of kids) {
      const below = containerInit(k, 1);
      if (below) return below;
    }
  }
  for (const k of kids) {
    try {
      const nspid = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${k}/status`, 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
      if (nspid.length >= 2 && nspid[nspid.length - 1] === '1' && readFileSync(`/proc/${k}/comm`, 'utf8').trim() === 'systemd') return k;
    } catch { /* exited meanwhile */ }
  }
  return undefined;
}

/** states of `systemctl is-system-running` after which waiting longer changes nothing */
const SETTLED = new Set(['running', 'degraded', 'maintenance', 'stopping']);

export async function startLab(opts: StartLabOptions = {}): Promise<Lab> {
  if (process.getuid?.() !== 0) throw new Error('lab: must run as root (network namespaces, mounts)');
  const port = opts.sshPort ?? 22;
  const systemd = opts.systemd ?? false;
  const openclaw = opts.openclaw ?? true;
  const timeoutMs = opts.timeoutMs ?? (systemd ? 120_000 : 30_000);
  const units = opts.units ?? {};
  const docker = opts.docker ?? false;
  if (docker && !systemd) throw new Error('lab: docker: true needs systemd: true (dockerd runs as docker.service)');
  if (Object.keys(units).length > 0 && !systemd) throw new Error('lab: units need systemd: true (nothing would start them)');
  for (const unit of Object.keys(units)) {
    if (!UNIT_NAME_RE.test(unit)) throw new Error(`lab: ${JSON.stringify(unit)} is not a unit file name (e.g. probe.service)`);
  }
  if (systemd && spawnSync('systemd-nspawn', ['--version'], { env: { PATH: HOST_PATH } }).status !== 0) {
    throw new Error('lab: systemd: true needs systemd-nspawn on this machine: apt-get install systemd-container');
  }
  cleanupStaleLabs();
  const lowerRootfs = await ensureRootfs();
  const t0 = Date.now(); // timeoutMs counts from here, not through a rootfs build

  const hex = randomBytes(3).toString('hex');
  const name = `ocss-lab-${hex}`;
  const hostname = `lab-${hex}`;
  const hostVeth = `ocss-${hex}`;
  const subnet = pickSubnet();
  const host = `10.231.${subnet}.2`;
  const hostSideAddress = `10.231.${subnet}.1`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  chmodSync(dir, 0o700);
  const entry: RegistryEntry = { name, ownerPid: process.pid, ownerStart: processStart(process.pid), dir, hostVeth, subnet };
  writeRegistry(entry);
  live.set(name, entry);
  installExitHooks();

  let init: ChildProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const exited = init && init.exitCode === null && init.signalCode === null
      ? new Promise<void>((r) => init!.once('exit', () => r())) : Promise.resolve();
    teardownSync(entry);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    live.delete(name);
    if (existsSync(`/run/netns/${name}`)) throw new Error(`lab: netns ${name} still exists after stop()`);
    if (existsSync(dir)) { removeTree(dir); }
  };

  try {
    // --- network: netns + veth on a private /30 ---
    await must('ip', ['netns', 'add', name], 'ip netns add');
    await must('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name], 'veth');
    await must('ip', ['addr', 'add', `${hostSideAddress}/30`, 'dev', hostVeth], 'host address');
    await must('ip', ['link', 'set', hostVeth, 'up'], 'host link up');
    // nsenter, not `ip -n`: `ip -n` remounts / (make-rslave), which fails inside a chroot such as bare-ci's.
    await must('nsenter', [`--net=/run/netns/${name}`, 'ip', 'addr', 'add', `${host}/30`, 'dev', 'eth0'], 'lab address');
    await must('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'set', 'eth0', 'up'], 'lab link up');
    await must('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'set', 'lo', 'up'], 'lab lo up');

    // --- user key pair (host side) ---
    const identityFile = join(dir, 'id_ed25519');
    await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${LAB_USER}@${name}`, '-f', identityFile], 'ssh-keygen');
    chmodSync(identityFile, 0o600);
    const pubkey = readFileSync(`${identityFile}.pub`, 'utf8').trim();

    if (!openclaw) await hideInUpper(lowerRootfs, join(dir, 'upper'), OPENCLAW_PATHS);
    installUnits(lowerRootfs, join(dir, 'upper'), units);
    if (docker) prepareDocker(lowerRootfs, join(dir, 'upper'));

    const sudoPassword = randomBytes(18).toString('base64url');
    const setupArgs = [LAB_USER, String(port), host, opts.sudoNoPassword ? '1' : '0', opts.passwordAuth ? 'yes' : 'no', hostname,
      systemd ? 'systemd' : 'direct'];
    const setupInput = `${sudoPassword}\n${pubkey}\n`;
    const initErr: Buffer[] = [];
    let initOut = '';
    let setupOut = '';
    let pid: number | undefined;

    if (!systemd) {
      // --- init: mount ns + pid ns + overlay + chroot ---
      init = spawn('nsenter', [`--net=/run/netns/${name}`, '--', 'unshare', '--mount', '--pid', '--uts', '--ipc', '--fork',
        '--propagation', mountPropagation(), '--', 'bash', INIT_SCRIPT, lowerRootfs, dir, hostname],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: HOST_PATH }, detached: true });
    } else {
      // --- lab-boot.sh: cgroups, overlay, setup in a chroot (password + key on stdin), then systemd-nspawn --boot ---
      init = spawn('nsenter', [`--net=/run/netns/${name}`, '--', 'unshare', '--mount', '--propagation', mountPropagation(), '--',
        'bash', BOOT_SCRIPT, lowerRootfs, dir, name, hostname, SETUP_SCRIPT, ...setupArgs],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: HOST_PATH, ...(docker ? { OCSS_LAB_DOCKER: '1' } : {}), ...(opts.traceExecve ? { OCSS_LAB_TRACE: opts.traceExecve, OCSS_LAB_TRACER: execTracer() } : {}) }, detached: true });
      init.stdin!.on('error', () => { /* the script died before reading it; its stderr says why */ });
      init.stdin!.end(setupInput);
    }
    const marker = systemd ? 'BOOTING\n' : 'READY\n';
    init.stderr!.on('data', (b: Buffer) => { if (initErr.length < 100) initErr.push(b); });
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), systemd ? Math.max(1, t0 + timeoutMs - Date.now()) : timeoutMs);
      init!.stdout!.on('data', (b: Buffer) => { initOut += b.toString(); if (initOut.includes(marker)) { clearTimeout(timer); resolve(true); } });
      init!.once('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (!ready) {
      const why = init.exitCode !== null || init.signalCode !== null ? `failed (exit ${init.exitCode ?? init.signalCode})`
        : `did not finish within ${timeoutMs} ms (raise timeoutMs on a busy machine)`;
      throw new Error(systemd
        ? `lab: the setup of ${name} before the boot ${why}:\n${Buffer.concat(initErr).toString().trim()}\n${initOut.trim()}`
        : `lab: init did not start:\n${Buffer.concat(initErr).toString().trim()}`);
    }
    init.stdout!.destroy();
    init.stderr!.destroy();
    init.unref();
    const initExited = () => init!.exitCode !== null || init!.signalCode !== null;

    if (!systemd) {
      const unsharePid = init.pid!;
      const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      pid = children[0];
      if (!pid) throw new Error('lab: cannot find the lab init pid');
    } else {
      setupOut = initOut;
      const deadline = t0 + timeoutMs;
      while (!(pid = containerInit(init.pid!)) && !initExited() && Date.now() < deadline) await sleep(20);
      if (!pid) {
        throw new Error(`lab: systemd-nspawn did not start systemd in ${name} (${initExited() ? `exit ${init.exitCode ?? init.signalCode}`
          : `not within timeoutMs ${timeoutMs}; raise timeoutMs on a busy machine`}).\nConsole (last 30 lines):\n${consoleTail(dir)}`);
      }
    }
    const initPid = pid;
    entry.initPid = initPid;
    writeRegistry(entry);

    const exec = (argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> => {
      if (stopped) return Promise.reject(new Error(`lab ${name} is stopped`));
      if (argv.length === 0) return Promise.reject(new Error('lab.exec: empty argv'));
      const envArgs = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`);
      const cd = o.cwd ? 'cd "$1" || exit 125' : 'cd "$HOME" 2>/dev/null || cd /';
      const args = ['--target', String(initPid), '--mount', '--uts', '--ipc', '--net', '--pid', '--root', '--wd', '--',
        '/usr/bin/setpriv', `--reuid=${o.user ?? 'root'}`, `--regid=${o.user ?? 'root'}`, '--init-groups', '--reset-env',
        '/usr/bin/env', ...envArgs, '/bin/sh', '-c', `${cd}; shift; exec "$@"`, 'sh', o.cwd ?? '', ...argv];
      return run('nsenter', args, { input: o.input, timeoutMs: o.timeoutMs });
    };

    if (!systemd) {
      // --- users, keys, sudo, sshd ---
      const setup = await exec(['/bin/bash', '-c', SETUP_SCRIPT, 'setup', ...setupArgs], { input: setupInput });
      if (setup.code !== 0) {
        const log = await exec(['cat', '/var/log/sshd.log']).catch(() => undefined);
        throw new Error(`lab: setup inside the lab failed (exit ${setup.code}):\n${setup.stderr.trim()}\n${log?.stdout ?? ''}`);
      }
      setupOut = setup.stdout;
    } else {
      // --- boot: wait until systemd has started everything it will (running or degraded) ---
      const deadline = t0 + timeoutMs;
      let state = '';
      while (!initExited() && Date.now() < deadline) {
        const r = await exec(['systemctl', 'is-system-running', '--wait'], { timeoutMs: Math.max(1000, Math.min(deadline - Date.now(), 15_000)) });
        state = r.code === 124 ? 'no answer' : r.stdout.trim() || r.stderr.trim();
        if (SETTLED.has(state)) break;
        await sleep(200);
      }
      if (state !== 'running' && state !== 'degraded') {
        throw new Error(`lab: systemd in ${name} did not boot: ${initExited() ? `systemd-nspawn exited (${init.exitCode ?? init.signalCode})`
          : `state "${state || 'unknown'}" after ${Date.now() - t0} ms; a unit below may hang or fail, else raise timeoutMs`}.\n${await bootReport(exec, dir)}`);
      }
      if (docker) {
        const r = await exec(['docker', 'info', '--format', '{{.ServerVersion}} {{.Driver}} {{.CgroupDriver}}'], { timeoutMs: Math.max(1000, deadline - Date.now()) });
        if (r.code !== 0) {
          const j = await exec(['journalctl', '--no-pager', '-n', '30', '-u', 'docker.service', '-u', 'containerd.service']).catch(() => undefined);
          throw new Error(`lab: dockerd in ${name} does not answer (docker info exit ${r.code}): ${r.stderr.trim()}\n${j?.stdout ?? ''}`);
        }
      }
    }
    const hostKeyPublic = /^HOSTKEY (.+)$/m.exec(setupOut)?.[1]?.trim() ?? '';
    const hostKeyFingerprint = /^FPR (SHA256:\S+)$/m.exec(setupOut)?.[1] ?? '';
    if (!hostKeyPublic.startsWith('ssh-ed25519 ') || !hostKeyFingerprint) throw new Error(`lab: cannot read the host key:\n${setupOut}`);

    if (!(await waitTcp(host, port, systemd ? Math.max(1000, t0 + timeoutMs - Date.now()) : timeoutMs))) {
      const log = systemd
        ? await exec(['sh', '-c', 'systemctl status --no-pager ssh.service; journalctl --no-pager -n 40 -u ssh.service'])
        : await exec(['cat', '/var/log/sshd.log']);
      throw new Error(`lab: sshd did not accept connections on ${host}:${port} within ${timeoutMs} ms. sshd log:\n${log.stdout}${log.stderr}`);
    }

    // --- state file for the wsl.exe stand-in (one key per line; the bash stand-in parses it with sed) ---
    const stateFile = join(dir, 'wsl-state.json');
    writeFileSync(stateFile, `${JSON.stringify({
      name, pid: initPid, distro: DISTRO, user: LAB_USER, host, port, hostname, version: 2,
      otherDistros: ['docker-desktop'],
    }, null, 2)}\n`);

    return Object.freeze({
      name, host, hostSideAddress, port, user: LAB_USER, identityFile, sudoPassword, hostKeyFingerprint, hostKeyPublic,
      stateFile, rootfs: join(dir, 'merged'), hostRootPath: `/proc/${initPid}/root`, pid: initPid, dir, lowerRootfs,
      systemd, openclaw, docker, exec, stop,
    });
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

function consoleTail(dir: string): string {
  try { return tail(readFileSync(join(dir, 'console.log'), 'utf8'), 30); } catch { return '(no console output)'; }
}

/** what a failed boot leaves to read: failed units, the journal's end, the console's end */
async function bootReport(exec: Lab['exec'], dir: string): Promise<string> {
  const q = async (argv: string[]) => {
    const r = await exec(argv, { timeoutMs: 10_000 }).catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
    return tail(`${r.stdout}${r.stderr}`, 40) || '(nothing)';
  };
  return [
    `Failed units:\n${await q(['systemctl', '--failed', '--no-legend', '--no-pager'])}`,
    `Journal (last 40 lines):\n${await q(['journalctl', '-b', '--no-pager', '-n', '40'])}`,
    `Console (last 30 lines):\n${consoleTail(dir)}`,
  ].join('\n');
}

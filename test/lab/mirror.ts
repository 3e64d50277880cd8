/**
 * The lab mirror: stands in for registry.npmjs.org and nodejs.org/dist in lab tests, so an install step really downloads,
 * hash-checks and installs OpenClaw with nothing outside the machine involved.
 *
 * One mirror = its own network namespace ('ocss-mirror-<6 hex>') with one Node process (mirror-server.mjs): verdaccio
 * without uplinks on port 4873, serving a storage filled at build time (build-mirror.sh), and a static HTTP server on
 * port 8080 for the Node "dist" tree. Both listen on the mirror's service address 10.232.<s>.1 (on the mirror's lo).
 * Each connected lab gets a veth pair straight from the mirror's netns into the lab's (never through the host's), a /30
 * 10.232.<m>.0/30 (mirror .1, lab .2) and a /32 route to the service address. The host's network is never touched.
 *
 * The cached storage is never written: verdaccio sees it through an overlay mounted in a private mount namespace of
 * the server process, with the upper layer in the mirror's temp dir.
 *
 * Cleanup reuses the labs' registry (/run/ocss-lab/<name>.json with the owner pid): stop(), exit/signal hooks, and
 * cleanupStaleLabs() (called by startLab() and startMirror()) remove mirrors whose owner died.
 *
 * Node 20, ESM, node: builtins only. Root, Linux.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupStaleLabs, deleteNetns } from './lab';

export const MIRROR_NODE_VERSION = '24.21.0';
export const MIRROR_NODE_TARBALL = `node-v${MIRROR_NODE_VERSION}-linux-x64.tar.gz`;
export const MIRROR_OPENCLAW_VERSION = '2026.9.6';
export const MIRROR_REGISTRY_PORT = 4873;
export const MIRROR_DIST_PORT = 8080;

export interface MirrorFaults {
  /** 'corrupt': same length, one byte flipped (only a hash check notices); 'truncated': the first half only */
  tarball?: 'ok' | 'corrupt' | 'truncated';
  /** 'wrong': SHASUMS256.txt lists a different hash for every file */
  shasums?: 'ok' | 'wrong';
  /** throttle every dist download to this many bytes per second (0 or absent: full speed) */
  bytesPerSecond?: number;
}

/** anything with the name of a network namespace in /run/netns, e.g. a Lab from startLab() */
export interface MirrorPeer { readonly name: string }

export interface Mirror {
  /** netns name, 'ocss-mirror-<6 hex>' */
  readonly name: string;
  /** the service address, '10.232.<s>.1', reachable from every connected lab */
  readonly address: string;
  /** 'http://10.232.<s>.1:4873/': verdaccio, no uplinks; has openclaw@2026.9.6, its dependencies, npm@11.19.0 */
  readonly registryUrl: string;
  /** 'http://10.232.<s>.1:8080/dist/': like https://nodejs.org/dist/ (`${nodeDistUrl}v24.21.0/SHASUMS256.txt`) */
  readonly nodeDistUrl: string;
  /** the lab's pin table: { 'node-v24.21.0-linux-x64.tar.gz': '<sha256>' } (NOT the official hash) */
  readonly shasums: Readonly<Record<string, string>>;
  /** the cache folder the mirror serves (build-mirror.sh's output; read-only) */
  readonly cacheDir: string;
  /** the mirror's temp dir on the host (overlay upper layer, config, logs); removed by stop() */
  readonly dir: string;
  /** links a lab (its netns) to the mirror: a veth pair, a /30, and a route to `address` inside the lab */
  connect(lab: MirrorPeer): Promise<void>;
  /** what the dist server serves from now on (each call replaces the previous faults; {} = all good) */
  setFaults(faults: MirrorFaults): void;
  /** idempotent; kills the servers, deletes the netns (and with it every veth pair and the labs' routes), the temp dir */
  stop(): Promise<void>;
}

interface MirrorEntry {
  name: string;
  ownerPid: number;
  ownerStart: string;
  dir: string;
  /** third octets in 10.232.0.0/16 this mirror uses (service address + one per link) */
  mirrorSubnets: number[];
}

const REGISTRY = '/run/ocss-lab';
const NAME_RE = /^ocss-mirror-[0-9a-f]{6}$/;
const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const here = process.env.OCSS_LAB_SCRIPTS_DIR ?? fileURLToPath(new URL('.', import.meta.url));
const BUILD_SCRIPT = join(here, 'build-mirror.sh');
const SERVER_SCRIPT = join(here, 'mirror-server.mjs');

interface RunResult { code: number; stdout: string; stderr: string }

function run(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? { PATH: HOST_PATH, LANG: 'C.UTF-8' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

async function must(cmd: string, args: readonly string[], what: string): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`mirror: ${what} failed (exit ${r.code}): ${cmd} ${args.join(' ')}\n${r.stderr.trim()}`);
  return r.stdout;
}

function trySync(cmd: string, args: readonly string[]): boolean {
  try { execFileSync(cmd, args, { stdio: 'ignore', env: { PATH: HOST_PATH } }); return true; } catch { return false; }
}

function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function netnsPids(name: string): number[] {
  try {
    return execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: HOST_PATH } })
      .split(/\s+/).filter(Boolean).map(Number).filter((n) => n > 1);
  } catch {
    return [];
  }
}

function readEntries(): Array<Partial<MirrorEntry> & { name: string; subnet?: number }> {
  let files: string[] = [];
  try { files = readdirSync(REGISTRY).filter((f) => f.endsWith('.json')); } catch { return []; }
  const out: Array<Partial<MirrorEntry> & { name: string }> = [];
  for (const f of files) {
    try { out.push(JSON.parse(readFileSync(join(REGISTRY, f), 'utf8')) as MirrorEntry); } catch { /* half-written */ }
  }
  return out;
}

function writeEntry(e: MirrorEntry): void {
  mkdirSync(REGISTRY, { recursive: true, mode: 0o700 });
  const file = join(REGISTRY, `${e.name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(e));
  renameSync(`${file}.tmp`, file);
}

/** synchronous teardown (stop(), exit hooks); cleanupStaleLabs() does the same for a dead owner's entry */
function teardownSync(e: MirrorEntry): void {
  for (let round = 0; round < 2; round++) {
    for (const p of netnsPids(e.name)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
    for (let i = 0; i < 40 && netnsPids(e.name).length > 0; i++) execFileSync('sleep', ['0.05']);
  }
  deleteNetns(e.name); // veth pairs first, so no lab still shows its end after stop()
  if (existsSync(e.dir)) rmSync(e.dir, { recursive: true, force: true });
  rmSync(join(REGISTRY, `${e.name}.json`), { force: true });
}

/** mirror netns left without a registry entry and without processes (a crash between the two teardown steps) */
function cleanupOrphans(): void {
  let names: string[] = [];
  try { names = readdirSync('/run/netns').filter((n) => NAME_RE.test(n)); } catch { return; }
  const known = new Set(readEntries().map((e) => e.name));
  for (const n of names) if (!known.has(n) && netnsPids(n).length === 0) trySync('ip', ['netns', 'del', n]);
}

const live = new Map<string, MirrorEntry>();
let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const all = () => { for (const e of [...live.values()]) { try { teardownSync(e); } catch { /* best effort */ } live.delete(e.name); } };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Runs first (prepended) and steps aside: lab.ts's hook, which re-raises the signal when it is the only listener,
    // then still does so. Alone, this one re-raises it, so the process dies of the signal as it would have.
    const handler = () => {
      all();
      process.removeListener(sig, handler);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.prependListener(sig, handler);
  }
}

function pickSubnet(extra: readonly number[] = []): number {
  const used = new Set<number>(extra);
  try {
    const addrs = execFileSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8', env: { PATH: HOST_PATH } });
    for (const m of addrs.matchAll(/10\.232\.(\d+)\./g)) used.add(Number(m[1]));
  } catch { /* no iproute2: startMirror fails soon enough */ }
  for (const e of readEntries()) for (const n of e.mirrorSubnets ?? []) used.add(n);
  const free: number[] = [];
  for (let n = 1; n <= 254; n++) if (!used.has(n)) free.push(n);
  if (free.length === 0) throw new Error('mirror: no free /30 in 10.232.0.0/16');
  return free[randomBytes(2).readUInt16BE(0) % free.length]!;
}

function mountPropagation(): 'private' | 'unchanged' {
  return spawnSync('mountpoint', ['-q', '/']).status === 0 ? 'private' : 'unchanged';
}

let cachePromise: Promise<string> | undefined;

/**
 * Runs build-mirror.sh (cached under $OCSS_LAB_CACHE, default /var/cache/ocss-lab, as mirror-<hash>; the first build
 * takes a few minutes and needs the npm registry, later calls ~20 ms) and returns the cache path. Memoized per process.
 */
export function ensureMirrorCache(): Promise<string> {
  cachePromise ??= (async () => {
    const r = await run('bash', [BUILD_SCRIPT], { env: { ...process.env, PATH: process.env.PATH ?? HOST_PATH }, timeoutMs: 1_200_000 });
    const lines = r.stdout.trim().split('\n');
    const path = lines[lines.length - 1] ?? '';
    if (r.code !== 0 || !path.startsWith('/')) {
      throw new Error(`mirror: build-mirror.sh failed (exit ${r.code}):\n${r.stderr.split('\n').slice(-40).join('\n')}`);
    }
    return path;
  })();
  cachePromise.catch(() => { cachePromise = undefined; });
  return cachePromise;
}

function verdaccioConfig(storage: string, dir: string): string {
  // No uplinks: everything comes from the storage filled at build time; unknown packages are 404.
  return [
    `storage: ${JSON.stringify(storage)}`,
    'web:', '  enable: false',
    'auth:', '  htpasswd:', `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`, '    max_users: -1',
    'packages:',
    "  '@*/*':", '    access: $all', '    publish: $authenticated',
    "  '**':", '    access: $all', '    publish: $authenticated',
    `log: { type: file, path: ${JSON.stringify(join(dir, 'verdaccio.log'))}, format: json, level: warn }`,
    '',
  ].join('\n');
}

/**
 * Starts a mirror and connects the given labs (more later with `mirror.connect(lab)`). Resolves once both servers
 * listen. Needs root; runs build-mirror.sh first if the cache is missing.
 */
export async function startMirror(...labs: MirrorPeer[]): Promise<Mirror> {
  if (process.getuid?.() !== 0) throw new Error('mirror: must run as root (network namespaces, mounts)');
  cleanupStaleLabs();
  cleanupOrphans();
  const cacheDir = await ensureMirrorCache();
  const shasums = Object.freeze(JSON.parse(readFileSync(join(cacheDir, 'dist', `v${MIRROR_NODE_VERSION}`, 'lab-shasums.json'), 'utf8')) as Record<string, string>);

  const hex = randomBytes(3).toString('hex');
  const name = `ocss-mirror-${hex}`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  chmodSync(dir, 0o700);
  const s = pickSubnet();
  const address = `10.232.${s}.1`;
  const entry: MirrorEntry = { name, ownerPid: process.pid, ownerStart: processStart(process.pid), dir, mirrorSubnets: [s] };
  writeEntry(entry);
  live.set(name, entry);
  installExitHooks();

  let server: ChildProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const exited = server && server.exitCode === null && server.signalCode === null
      ? new Promise<void>((r) => server!.once('exit', () => r())) : Promise.resolve();
    teardownSync(entry);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    live.delete(name);
    if (existsSync(`/run/netns/${name}`)) throw new Error(`mirror: netns ${name} still exists after stop()`);
  };

  const faultsFile = join(dir, 'faults.json');
  const setFaults = (faults: MirrorFaults): void => {
    if (stopped) throw new Error(`mirror ${name} is stopped`);
    writeFileSync(`${faultsFile}.tmp`, JSON.stringify(faults));
    renameSync(`${faultsFile}.tmp`, faultsFile);
  };

  const connect = async (lab: MirrorPeer): Promise<void> => {
    if (stopped) throw new Error(`mirror ${name} is stopped`);
    if (!existsSync(`/run/netns/${lab.name}`)) throw new Error(`mirror: no network namespace ${lab.name} (is the lab running?)`);
    const m = pickSubnet(entry.mirrorSubnets);
    entry.mirrorSubnets.push(m);
    writeEntry(entry);
    const mine = `m-${randomBytes(3).toString('hex')}`;
    const theirs = `mir-${hex}`;
    const inMirror = (args: string[]) => ['--net=/run/netns/' + name, 'ip', ...args];
    const inLab = (args: string[]) => ['--net=/run/netns/' + lab.name, 'ip', ...args];
    // Created inside the mirror's netns with the peer put straight into the lab's: no end ever sits in the host's.
    await must('nsenter', inMirror(['link', 'add', mine, 'type', 'veth', 'peer', 'name', theirs, 'netns', lab.name]), 'veth');
    await must('nsenter', inMirror(['addr', 'add', `10.232.${m}.1/30`, 'dev', mine]), 'mirror link address');
    await must('nsenter', inMirror(['link', 'set', mine, 'up']), 'mirror link up');
    await must('nsenter', inLab(['addr', 'add', `10.232.${m}.2/30`, 'dev', theirs]), 'lab link address');
    await must('nsenter', inLab(['link', 'set', theirs, 'up']), 'lab link up');
    await must('nsenter', inLab(['route', 'add', `${address}/32`, 'via', `10.232.${m}.1`, 'dev', theirs]), 'lab route');
  };

  try {
    await must('ip', ['netns', 'add', name], 'ip netns add');
    await must('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'set', 'lo', 'up'], 'mirror lo up');
    await must('nsenter', [`--net=/run/netns/${name}`, 'ip', 'addr', 'add', `${address}/32`, 'dev', 'lo'], 'mirror address');

    for (const d of ['storage', 'upper', 'work']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'config.yaml'), verdaccioConfig(join(dir, 'storage'), dir));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({
      verdaccioConfig: join(dir, 'config.yaml'), host: address, registryPort: MIRROR_REGISTRY_PORT,
      distDir: join(cacheDir, 'dist'), distPort: MIRROR_DIST_PORT, faultsFile,
    }));
    setFaults({});

    // The overlay lives in the server's private mount namespace: it vanishes with the process, never in the host's table.
    const script = 'mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4" && shift 4 && exec "$@"';
    const logFd = openSync(join(dir, 'server.log'), 'a');
    server = spawn('nsenter', [`--net=/run/netns/${name}`, '--', 'unshare', '--mount', '--propagation', mountPropagation(), '--',
      '/bin/sh', '-c', script, 'sh', join(cacheDir, 'storage'), join(dir, 'upper'), join(dir, 'work'), join(dir, 'storage'),
      process.execPath, SERVER_SCRIPT, join(dir, 'settings.json')],
    { stdio: ['ignore', 'pipe', logFd], env: { PATH: HOST_PATH, LANG: 'C.UTF-8', HOME: dir }, detached: true });
    closeSync(logFd);
    const ready = await new Promise<boolean>((resolve) => {
      let buf = '';
      const timer = setTimeout(() => resolve(false), 60_000);
      server!.stdout!.on('data', (b: Buffer) => { buf += b.toString(); if (buf.includes('READY\n')) { clearTimeout(timer); resolve(true); } });
      server!.once('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (!ready) {
      let log = '';
      try { log = readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-30).join('\n'); } catch { /* none */ }
      throw new Error(`mirror: the servers did not start:\n${log}`);
    }
    server.stdout!.on('data', () => { /* drain */ });
    server.unref();
    (server.stdout as { unref?: () => void } | null)?.unref?.();

    for (const lab of labs) await connect(lab);

    return Object.freeze({
      name, address, registryUrl: `http://${address}:${MIRROR_REGISTRY_PORT}/`,
      nodeDistUrl: `http://${address}:${MIRROR_DIST_PORT}/dist/`, shasums, cacheDir, dir, connect, setFaults, stop,
    });
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}

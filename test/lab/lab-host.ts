import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { deleteNetns } from './lab';

/**
 * A host in its own network namespace, linked to one lab by a veth pair, that owns a few chosen addresses: the DNS
 * resolver a person picked (9.9.9.9), a ping service, the NAS and router of a home network. The lab reaches each
 * address through a /32 route over the pair; nothing else can reach it, and it reaches nothing but the lab.
 *
 * The pair's /30 is 10.234.<s>.4/30 with an <s> no other host of this lab uses (read from the lab's own addresses), so
 * several hosts can hang off one lab. `unroute`/`route` take an address out of the lab's routing table and put it back:
 * a home device that cannot be reached, then one that answers.
 */
export interface LabHost {
  /** the netns name, 'ocss-host-<6 hex>' */
  readonly name: string;
  readonly addresses: readonly string[];
  /** the host's end of the pair, 10.234.<s>.5 (the lab's end is .6) */
  readonly gateway: string;
  /** a process inside the host's netns (host filesystem, host tools); killed by stop() */
  spawn(argv: readonly string[], opts?: { env?: Readonly<Record<string, string>> }): ChildProcess;
  /** spawn, then wait until the process prints the line READY on stdout (other lines go to `lines`) */
  spawnReady(argv: readonly string[], opts?: { env?: Readonly<Record<string, string>>; timeoutMs?: number }): Promise<{ child: ChildProcess; lines: string[] }>;
  /** runs CMD ARGS inside the host's netns (e.g. `nft` or `ip` for a rule of its own) */
  run(cmd: string, args: readonly string[]): Promise<string>;
  /** removes the lab's route to `address` (it becomes unreachable from the lab) */
  unroute(address: string): Promise<void>;
  /** puts the lab's route to `address` back */
  route(address: string): Promise<void>;
  stop(): Promise<void>;
}

const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, [...args], { env: { PATH: HOST_PATH } }, (err, out, stderr) => (err ? reject(new Error(`lab host: ${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(out)));
  });
}

/** the <s> of 10.234.<s>.x already used in the lab's netns */
function usedSubnets(labNetns: string): Set<number> {
  const out = execFileSync('nsenter', [`--net=/run/netns/${labNetns}`, 'ip', '-o', '-4', 'addr', 'show'], { encoding: 'utf8', env: { PATH: HOST_PATH } });
  return new Set([...out.matchAll(/\b10\.234\.(\d+)\./g)].map((m) => Number(m[1])));
}

const live = new Set<string>();
process.once('exit', () => { for (const n of live) deleteNetns(n); });

export async function startLabHost(lab: { readonly name: string }, opts: { addresses: readonly string[] }): Promise<LabHost> {
  for (const a of opts.addresses) if (!IPV4.test(a)) throw new Error(`lab host: ${a} is not an IPv4 address`);
  const used = usedSubnets(lab.name);
  const free = Array.from({ length: 250 }, (_, i) => i + 1).filter((s) => !used.has(s));
  const s = free[(randomBytes(1)[0] ?? 0) % free.length];
  if (s === undefined) throw new Error('lab host: no free 10.234.<s>.4/30 in this lab');
  const hex = randomBytes(3).toString('hex');
  const name = `ocss-host-${hex}`;
  const gateway = `10.234.${s}.5`;
  const labSide = `10.234.${s}.6`;
  const labDev = `hh-${hex}`;
  const children = new Set<ChildProcess>();
  // nsenter, not `ip -n`: that runs `mount --make-rslave /`, which fails where / is no mount point (a chroot, as in a
  // bare CI box); the other stand-ins enter the netns the same way.
  const inMe = (args: readonly string[]) => run('nsenter', [`--net=/run/netns/${name}`, 'ip', ...args]);
  const inLab = (args: readonly string[]) => run('nsenter', [`--net=/run/netns/${lab.name}`, 'ip', ...args]);
  const stop = async (): Promise<void> => {
    await Promise.all([...children].map((c) => new Promise<void>((r) => {
      if (c.exitCode !== null || c.signalCode !== null) return r();
      const t = setTimeout(r, 5000);
      c.once('exit', () => { clearTimeout(t); r(); });
      c.kill('SIGKILL');
    })));
    children.clear();
    deleteNetns(name);
    live.delete(name);
  };
  const doSpawn = (argv: readonly string[], o: { env?: Readonly<Record<string, string>> } = {}): ChildProcess => {
    const c = spawn('nsenter', [`--net=/run/netns/${name}`, '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: HOST_PATH, ...o.env } });
    children.add(c);
    c.once('exit', () => children.delete(c));
    return c;
  };
  try {
    await run('ip', ['netns', 'add', name]);
    live.add(name);
    await inMe(['link', 'set', 'lo', 'up']);
    for (const a of opts.addresses) await inMe(['addr', 'add', `${a}/32`, 'dev', 'lo']);
    await inMe(['link', 'add', `h-${hex}`, 'type', 'veth', 'peer', 'name', labDev, 'netns', lab.name]);
    await inMe(['addr', 'add', `${gateway}/30`, 'dev', `h-${hex}`]);
    await inMe(['link', 'set', `h-${hex}`, 'up']);
    await inLab(['addr', 'add', `${labSide}/30`, 'dev', labDev]);
    await inLab(['link', 'set', labDev, 'up']);
    for (const a of opts.addresses) await inLab(['route', 'replace', `${a}/32`, 'via', gateway, 'dev', labDev]);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    name,
    addresses: [...opts.addresses],
    gateway,
    spawn: doSpawn,
    spawnReady: async (argv, o = {}) => {
      const child = doSpawn(argv, o);
      const lines: string[] = [];
      let buf = '';
      let err = '';
      child.stderr!.on('data', (b: Buffer) => { err = (err + b.toString()).slice(-4000); });
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), o.timeoutMs ?? 30_000);
        child.stdout!.on('data', (b: Buffer) => {
          buf += b.toString();
          const parts = buf.split('\n');
          buf = parts.pop() ?? '';
          for (const l of parts) {
            if (l === 'READY') { clearTimeout(timer); resolve(true); } else lines.push(l);
          }
        });
        child.once('exit', () => { clearTimeout(timer); resolve(false); });
      });
      if (!ready) throw new Error(`lab host: ${argv.join(' ')} did not print READY: ${err.trim() || '(no stderr)'}`);
      return { child, lines };
    },
    run: (cmd, args) => run('nsenter', [`--net=/run/netns/${name}`, '--', cmd, ...args]),
    unroute: async (address) => { await inLab(['route', 'del', `${address}/32`]); },
    route: async (address) => { await inLab(['route', 'replace', `${address}/32`, 'via', gateway, 'dev', labDev]); },
    stop,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { deleteNetns } from './lab';

/**
 * A Telegram Bot API stand-in (telegram-standin-server.mjs) in its own network namespace, linked to one lab by a veth
 * pair made inside the stand-in's netns with the peer put straight into the lab's (as mirror.ts does), so the lab's
 * OpenClaw reaches it through `channels.telegram.apiRoot` and nothing else. It delivers one direct message from
 * `userId` and records every Bot API call the gateway makes.
 */
export interface TelegramStandin {
  /** e.g. http://10.233.7.1:8081 (for channels.telegram.apiRoot) */
  readonly apiRoot: string;
  /** the Bot API methods called so far, in order */
  calls(): string[];
  stop(): Promise<void>;
}

const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const SERVER = join(fileURLToPath(new URL('.', import.meta.url)), 'telegram-standin-server.mjs');
const PORT = 8081;

function run(cmd: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { PATH: HOST_PATH } }, (err, _out, stderr) => (err ? reject(new Error(`telegram stand-in: ${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve()));
  });
}

export async function startTelegramStandin(lab: { readonly name: string }, userId: string, firstName = 'Test'): Promise<TelegramStandin> {
  const hex = randomBytes(3).toString('hex');
  const name = `ocss-tg-${hex}`;
  const s = 1 + (randomBytes(1)[0] ?? 0) % 250;
  const address = `10.233.${s}.1`;
  const inMe = (args: string[]) => run('nsenter', [`--net=/run/netns/${name}`, 'ip', ...args]);
  const inLab = (args: string[]) => run('nsenter', [`--net=/run/netns/${lab.name}`, 'ip', ...args]);
  let server: ChildProcess | undefined;
  const log: string[] = [];
  const stop = async (): Promise<void> => {
    if (server && server.exitCode === null) {
      const exited = new Promise<void>((r) => server!.once('exit', () => r()));
      server.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    // Its veth pair first (the lab's end goes with it at once), then the netns: as for the mirror.
    deleteNetns(name);
  };
  try {
    await run('ip', ['netns', 'add', name]);
    await inMe(['link', 'set', 'lo', 'up']);
    await inMe(['addr', 'add', `${address}/32`, 'dev', 'lo']);
    await inMe(['link', 'add', `t-${hex}`, 'type', 'veth', 'peer', 'name', `tg-${hex}`, 'netns', lab.name]);
    await inMe(['addr', 'add', `10.233.${s}.5/30`, 'dev', `t-${hex}`]);
    await inMe(['link', 'set', `t-${hex}`, 'up']);
    await inLab(['addr', 'add', `10.233.${s}.6/30`, 'dev', `tg-${hex}`]);
    await inLab(['link', 'set', `tg-${hex}`, 'up']);
    await inLab(['route', 'add', `${address}/32`, 'via', `10.233.${s}.5`, 'dev', `tg-${hex}`]);
    server = spawn('nsenter', [`--net=/run/netns/${name}`, process.execPath, SERVER, address, String(PORT), userId, firstName], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: HOST_PATH } });
    let buf = '';
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      server!.stdout!.on('data', (b: Buffer) => {
        buf += b.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const l of lines) {
          if (l === 'READY') { clearTimeout(timer); resolve(true); } else log.push(l);
        }
      });
      server!.once('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (!ready) throw new Error('telegram stand-in: the server did not start');
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    apiRoot: `http://${address}:${PORT}`,
    calls: () => log.flatMap((l) => { try { return [String((JSON.parse(l) as { call?: unknown }).call)]; } catch { return []; } }),
    stop,
  };
}

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawn as ptySpawn } from 'node-pty';
import { startLab, type Lab } from '../lab/lab';

const WSL = fileURLToPath(new URL('./wsl.exe', import.meta.url));

interface Raw { code: number | null; stdout: Buffer; stderr: Buffer }

function wsl(lab: Lab, args: readonly string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const child = spawn(WSL, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', OCSS_WSL_STANDIN_STATE: lab.stateFile, ...opts.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le');

describe('wsl.exe stand-in', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab();
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('-l -v prints the verbose table in UTF-16LE with CRLF and no BOM', async () => {
    for (const args of [['-l', '-v'], ['--list', '--verbose']]) {
      const r = await wsl(lab, args);
      expect(r.code).toBe(0);
      expect(r.stdout.subarray(0, 2)).not.toEqual(Buffer.from([0xff, 0xfe]));
      expect(r.stdout).toEqual(utf16(
        '  NAME            STATE           VERSION\r\n'
        + '* Ubuntu-24.04    Running         2\r\n'
        + '  docker-desktop  Stopped         2\r\n'));
    }
  });

  it('-l -q lists the names; WSL_UTF8=1 switches to UTF-8', async () => {
    const q = await wsl(lab, ['-l', '-q']);
    expect(q.code).toBe(0);
    expect(q.stdout.toString('utf16le')).toBe('Ubuntu-24.04\r\ndocker-desktop\r\n');
    const u = await wsl(lab, ['--list', '--quiet'], { env: { WSL_UTF8: '1' } });
    expect(u.stdout.toString('utf8')).toBe('Ubuntu-24.04\r\ndocker-desktop\r\n');
  });

  it('runs commands as the default user or as root', async () => {
    const user = await wsl(lab, ['-d', 'Ubuntu-24.04', '--exec', 'id', '-un']);
    expect(user.stderr.toString()).toBe('');
    expect(user.code).toBe(0);
    expect(user.stdout.toString()).toBe('ocss\n');
    const root = await wsl(lab, ['-u', 'root', '--exec', 'id', '-u']);
    expect(root.stdout.toString()).toBe('0\n');
    const both = await wsl(lab, ['--distribution', 'Ubuntu-24.04', '--user', 'root', '-e', 'sh', '-c', 'echo "$HOME $USER $WSL_DISTRO_NAME"']);
    expect(both.stdout.toString()).toBe('/root root Ubuntu-24.04\n');
  });

  it('--exec bash -s reads the script from stdin', async () => {
    const r = await wsl(lab, ['-d', 'Ubuntu-24.04', '--exec', 'bash', '-s'], {
      input: 'set -e\nx=$((6*7))\necho "answer=$x user=$(id -un) cwd=$PWD"\nexit 3\n',
    });
    expect(r.stdout.toString()).toBe('answer=42 user=ocss cwd=/home/ocss\n');
    expect(r.code).toBe(3);
  });

  it('`--` runs the joined words through the user\'s shell; --exec does not', async () => {
    const shell = await wsl(lab, ['--', 'echo', '$HOME', '$((1+2))']);
    expect(shell.stdout.toString()).toBe('/home/ocss 3\n');
    const bare = await wsl(lab, ['echo', 'a;', 'echo', 'b']);
    expect(bare.stdout.toString()).toBe('a\nb\n');
    const exec = await wsl(lab, ['--exec', 'echo', '$HOME', 'a;']);
    expect(exec.stdout.toString()).toBe('$HOME a;\n');
    const cd = await wsl(lab, ['--cd', '/etc', '--exec', 'pwd']);
    expect(cd.stdout.toString()).toBe('/etc\n');
  });

  it('propagates exit codes', async () => {
    expect((await wsl(lab, ['--exec', 'sh', '-c', 'exit 7'])).code).toBe(7);
    expect((await wsl(lab, ['--', 'exit', '9'])).code).toBe(9);
    expect((await wsl(lab, ['-e', 'true'])).code).toBe(0);
  });

  it('unknown distro: the real error text in UTF-16LE and a non-zero exit', async () => {
    const r = await wsl(lab, ['-d', 'Debian', '--exec', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stdout.toString('utf16le')).toBe(
      'There is no distribution with the supplied name.\r\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\r\n');
  });

  it('unknown option: usage error and a non-zero exit', async () => {
    const r = await wsl(lab, ['--frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stdout.toString('utf16le')).toContain('Invalid command line argument: --frobnicate');
  });

  it('without a command starts a login shell that reads stdin', async () => {
    const r = await wsl(lab, [], { input: 'echo "login=$0 user=$(id -un)"\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('login=-bash user=ocss\n');
  });

  it('works under a TTY (node-pty): interactive login shell, sudo password prompt, exit code', async () => {
    const term = ptySpawn(WSL, [], {
      name: 'xterm-256color', cols: 120, rows: 30, cwd: '/',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OCSS_WSL_STANDIN_STATE: lab.stateFile, TERM: 'xterm-256color' },
    });
    let screen = '';
    let sentPassword = false;
    let sentCommand = false;
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => { term.kill(); reject(new Error(`timeout; screen:\n${screen}`)); }, 20_000);
      term.onData((d) => {
        screen += d;
        if (!sentCommand && /\$ $/.test(screen)) {
          sentCommand = true;
          term.write('sudo -k; echo "tty=$(tty) term=$TERM"; sudo id -u; exit 5\r');
        }
        if (!sentPassword && screen.includes('[sudo] password for ocss:')) {
          sentPassword = true;
          term.write(`${lab.sudoPassword}\r`);
        }
      });
      term.onExit(({ exitCode: code }) => { clearTimeout(timer); resolve(code); });
    });
    expect(screen).toMatch(/tty=\/dev\/pts\/\d+ term=xterm-256color/);
    expect(screen).toMatch(/\r\n0\r\n/);
    expect(screen).not.toContain(lab.sudoPassword);
    expect(exitCode).toBe(5);
  }, 30_000);

  it('under a TTY, --exec gets a lab pty with the caller\'s window size and passes the exit code', async () => {
    const term = ptySpawn(WSL, ['--exec', 'sh', '-c', 'tty; stty size; exit 7'], {
      name: 'xterm', cols: 101, rows: 33, cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OCSS_WSL_STANDIN_STATE: lab.stateFile },
    });
    let screen = '';
    term.onData((d) => { screen += d; });
    const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    expect(screen).toMatch(/^\/dev\/pts\/\d+\r\n33 101\r\n$/);
    expect(code).toBe(7);
  }, 30_000);
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupStaleLabs, knownHostsLine, startLab, type ExecResult, type Lab } from './lab';

function ssh(lab: Lab, command: string, input?: string): Promise<ExecResult> {
  const knownHosts = join(lab.dir, 'known_hosts.test');
  writeFileSync(knownHosts, `${knownHostsLine(lab)}\n`);
  const args = ['-F', '/dev/null', '-i', lab.identityFile, '-p', String(lab.port),
    '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=10',
    `${lab.user}@${lab.host}`, command];
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** sha256 over every path + content below dir ('absent' if it does not exist) */
function treeHash(dir: string): string {
  if (!existsSync(dir)) return 'absent';
  const h = createHash('sha256');
  if (!statSync(dir).isDirectory()) return h.update(readFileSync(dir)).digest('hex');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      h.update(`${p}\0${st.mode}\0`);
      if (st.isDirectory()) walk(p); else if (st.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * The host's firewall state, read in the HOST's network namespace with the lab's own nft/iptables binaries (the host
 * need not have them installed): nsenter into the lab's mount namespace and root only, not its netns.
 */
function hostRuleset(lab: Lab): string {
  const inLabFs = (...argv: string[]) => execFileSync('nsenter',
    ['--target', String(lab.pid), '--mount', '--root', '--wd', '--', ...argv], { encoding: 'utf8' });
  return [inLabFs('nft', 'list', 'ruleset'), inLabFs('iptables-save'), inLabFs('ip6tables-save')]
    .join('\n---\n').replace(/^#.*$/gm, ''); // iptables-save prints timestamps in comments
}

function hostSnapshot() {
  return {
    etcUfw: treeHash('/etc/ufw'),
    resolv: treeHash('/etc/resolv.conf'),
    hostname: readFileSync('/proc/sys/kernel/hostname', 'utf8'),
  };
}

describe('lab target', () => {
  let lab: Lab;
  const before = hostSnapshot();

  beforeAll(async () => {
    lab = await startLab();
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('has the documented shape', () => {
    expect(lab.name).toMatch(/^ocss-lab-[0-9a-f]{6}$/);
    expect(lab.host).toMatch(/^10\.231\.\d+\.2$/);
    expect(lab.hostSideAddress).toBe(lab.host.replace(/\.2$/, '.1'));
    expect(lab.port).toBe(22); // where a real machine's sshd is; the lab's own netns keeps it off the host's port 22
    expect(lab.user).toBe('ocss');
    expect(lab.hostKeyPublic).toMatch(/^ssh-ed25519 AAAA\S+$/);
    expect(lab.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(statSync(lab.identityFile).mode & 0o777).toBe(0o600);
    expect(lab.sudoPassword.length).toBeGreaterThanOrEqual(16);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(lab.name);
    // the lab's mounts are not in the host's mount table
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(lab.dir);
    // the fingerprint is the one ssh-keygen computes for the published key
    const fp = execFileSync('ssh-keygen', ['-lf', '-'], { input: `${lab.hostKeyPublic}\n`, encoding: 'utf8' });
    expect(fp.split(' ')[1]).toBe(lab.hostKeyFingerprint);
  });

  it('logs in over ssh with the key, pinned host key', async () => {
    const r = await ssh(lab, 'id -un; echo "$HOME"; hostname');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['ocss', '/home/ocss']);
  });

  it('sshd runs from /etc/ssh/sshd_config with the lab settings', async () => {
    const r = await lab.exec(['sshd', '-T']);
    expect(r.code).toBe(0);
    for (const line of [`port ${lab.port}`, `listenaddress ${lab.host}:${lab.port}`, 'passwordauthentication no',
      'kbdinteractiveauthentication no', 'pubkeyauthentication yes', 'usepam yes', 'allowusers ocss']) {
      expect(r.stdout.split('\n')).toContain(line);
    }
  });

  it('sudo really asks for the password', async () => {
    const noPw = await ssh(lab, 'sudo -n true');
    expect(noPw.code).not.toBe(0);
    expect(noPw.stderr).toContain('a password is required');

    const wrong = await ssh(lab, "sudo -S -p '' id -u", 'not-the-password\n');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).not.toContain('0');
    expect(wrong.stderr).toMatch(/incorrect password|Sorry, try again/);

    const right = await ssh(lab, "sudo -S -p '' id -u", `${lab.sudoPassword}\n`);
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(right.stdout.trim()).toBe('0');
  });

  it('exec runs as root or as the user, with stdin, env, exit codes', async () => {
    expect((await lab.exec(['id', '-u'])).stdout.trim()).toBe('0');
    const u = await lab.exec(['sh', '-c', 'id -un; echo "$HOME|$FOO"; pwd'], { user: 'ocss', env: { FOO: 'bar' } });
    expect(u.stdout).toBe('ocss\n/home/ocss|bar\n/home/ocss\n');
    expect((await lab.exec(['cat'], { input: 'piped' })).stdout).toBe('piped');
    expect((await lab.exec(['sh', '-c', 'exit 7'])).code).toBe(7);
  });

  it('runs the real OpenClaw CLI', async () => {
    const v = await ssh(lab, 'openclaw --version');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('2026.9.6');
    const set = await lab.exec(['openclaw', 'config', 'set', 'gateway.bind', 'loopback'], { user: 'ocss' });
    expect(set.code).toBe(0);
    const get = await lab.exec(['openclaw', 'config', 'get', 'gateway.bind'], { user: 'ocss' });
    expect(get.stdout.trim()).toBe('loopback');
  }, 60_000);

  it('ufw works inside the lab and leaves the host untouched', async () => {
    const hostRulesBefore = hostRuleset(lab);
    const r = await lab.exec(['sh', '-c', `ufw allow ${lab.port}/tcp && ufw --force enable && ufw status verbose`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Status: active');
    expect(r.stdout).toContain('Default: deny (incoming)');
    expect(r.stdout).toMatch(new RegExp(`${lab.port}/tcp\\s+ALLOW IN`));
    // the rules are real (in the lab's netns) ...
    expect((await lab.exec(['nft', 'list', 'ruleset'])).stdout).toContain('ufw-user-input');
    // ... ssh on the allowed port still works ...
    expect((await ssh(lab, 'echo still-reachable')).stdout.trim()).toBe('still-reachable');
    // ... and the host saw none of it
    expect(hostRuleset(lab)).toBe(hostRulesBefore);
    expect(hostRulesBefore).not.toContain('ufw');
    expect(hostSnapshot()).toEqual(before);
  }, 60_000);

  it('keeps /proc/sys outside net.* read-only and the host hostname', async () => {
    const r = await lab.exec(['sh', '-c', 'echo 1 > /proc/sys/kernel/dmesg_restrict']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Read-only file system');
    expect((await lab.exec(['sysctl', '-w', 'net.ipv4.tcp_syncookies=1'])).code).toBe(0);
    expect((await lab.exec(['hostname', 'renamed-inside'])).code).toBe(0);
    expect(hostSnapshot()).toEqual(before);
  });

  it('never modifies the cached rootfs', async () => {
    await lab.exec(['sh', '-c', 'echo changed > /etc/motd; touch /root/new-file']);
    expect(readFileSync(join(lab.lowerRootfs, 'etc/motd'), 'utf8')).not.toBe('changed\n');
    expect(existsSync(join(lab.lowerRootfs, 'root/new-file'))).toBe(false);
    expect(existsSync(join(lab.hostRootPath, 'root/new-file'))).toBe(true);
  });

  it('stop() removes the netns, processes and temp dir', async () => {
    const { name, dir, pid } = lab;
    await lab.stop();
    await lab.stop(); // idempotent
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(name);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(name);
    expect(hostSnapshot()).toEqual(before);
  }, 30_000);
});

describe('lab with sshd on a non-default port', () => {
  it('listens only on the port asked for (2222), and ssh logs in there', async () => {
    const lab = await startLab({ sshPort: 2222 });
    try {
      expect(lab.port).toBe(2222);
      const r = await ssh(lab, 'id -un');
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('ocss\n');
      const listening = await lab.exec(['bash', '-c', 'exec 3<>/dev/tcp/"$1"/22', 'probe', lab.host]);
      expect(listening.code).not.toBe(0); // nothing on 22 in this lab
    } finally {
      await lab.stop();
    }
  }, 120_000);
});

describe('cleanupStaleLabs', () => {
  it('removes a lab whose owner process died (netns, veth, temp dir, registry entry)', () => {
    const hex = randomBytes(3).toString('hex');
    const name = `ocss-lab-${hex}`;
    const hostVeth = `ocss-${hex}`;
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    // an owner that is certainly dead: a finished child of ours
    const dead = spawnSync('true');
    mkdirSync('/run/ocss-lab', { recursive: true, mode: 0o700 });
    writeFileSync(`/run/ocss-lab/${name}.json`, JSON.stringify({ name, ownerPid: dead.pid, ownerStart: '1', dir, hostVeth, subnet: 0 }));
    execFileSync('ip', ['netns', 'add', name]);
    execFileSync('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name]);

    expect(cleanupStaleLabs()).toContain(name);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(name);
    expect(existsSync(`/sys/class/net/${hostVeth}`)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`/run/ocss-lab/${name}.json`)).toBe(false);
  });
});

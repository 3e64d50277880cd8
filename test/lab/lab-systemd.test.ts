import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupStaleLabs, LAB_TOOLS_NODE, startLab, type Lab } from './lab';
import { labSsh } from './lab-ssh';

const USER_ENV = { XDG_RUNTIME_DIR: '/run/user/1000' };
const CGROUP_ROOTS = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];
const WSL_STANDIN = join(import.meta.dirname, '..', 'wsl-standin', 'wsl.exe');

function fileHash(p: string): string {
  return existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent';
}

/** what a lab must never change on the host */
function hostSnapshot() {
  return {
    resolv: fileHash('/etc/resolv.conf'),
    localtime: fileHash('/etc/localtime'),
    hostname: readFileSync('/proc/sys/kernel/hostname', 'utf8'),
    nspawnRuntime: existsSync('/run/systemd/nspawn'), // nspawn's locks/propagation dirs stay in the lab's own /run
    machines: existsSync('/run/systemd/machines') ? readdirSync('/run/systemd/machines').sort() : [],
  };
}

/** the host's firewall, read in the host's netns with the lab's own nft (nsenter into the lab's mount ns + root only) */
function hostRuleset(lab: Lab): string {
  return execFileSync('nsenter', ['--target', String(lab.pid), '--mount', '--root', '--wd', '--', 'nft', 'list', 'ruleset'],
    { encoding: 'utf8' });
}

/** host pids whose cgroup path names the lab (nspawn's payload/supervisor groups sit below a cgroup named after it) */
function pidsInLabCgroups(name: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try { if (readFileSync(`/proc/${p}/cgroup`, 'utf8').includes(`/${name}/`)) out.push(Number(p)); } catch { /* exited */ }
  }
  return out;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('lab with systemd as PID 1 (startLab({ systemd: true }))', () => {
  let lab: Lab;
  const before = hostSnapshot();

  beforeAll(async () => {
    lab = await startLab({ systemd: true });
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('PID 1 is systemd, and the system is running with journald, logind, dbus and ssh', async () => {
    expect(lab.systemd).toBe(true);
    expect(lab.openclaw).toBe(true);
    expect((await lab.exec(['cat', '/proc/1/comm'])).stdout.trim()).toBe('systemd');
    expect(readFileSync(`/proc/${lab.pid}/comm`, 'utf8').trim()).toBe('systemd');
    const state = await lab.exec(['systemctl', 'is-system-running']);
    const failed = await lab.exec(['systemctl', '--failed', '--no-legend', '--plain']);
    expect({ state: state.stdout.trim(), failed: failed.stdout.trim() }).toEqual({ state: 'running', failed: '' });
    const active = await lab.exec(['systemctl', 'is-active', 'systemd-journald', 'systemd-logind', 'dbus', 'ssh']);
    expect(active.stdout.split('\n').filter(Boolean)).toEqual(['active', 'active', 'active', 'active']);
    // the stock ssh.service runs sshd (not a daemon the lab started by hand), with the lab's config
    const main = (await lab.exec(['systemctl', 'show', '-p', 'MainPID', '--value', 'ssh'])).stdout.trim();
    expect((await lab.exec(['cat', `/proc/${main}/comm`])).stdout.trim()).toBe('sshd');
    const t = await lab.exec(['sshd', '-T']);
    expect(t.stdout.split('\n')).toEqual(expect.arrayContaining([`port 22`, `listenaddress ${lab.host}:22`,
      'passwordauthentication no', 'allowusers ocss']));
    expect((await lab.exec(['hostname'])).stdout.trim()).toBe(`lab-${lab.name.slice(-6)}`);
    // each lab has its own machine id, not the one the cached rootfs was built with
    expect((await lab.exec(['cat', '/etc/machine-id'])).stdout.trim())
      .not.toBe(readFileSync(join(lab.lowerRootfs, 'etc/machine-id'), 'utf8').trim());
  });

  it('loginctl enable-linger starts the user manager: /run/user/1000/bus and systemctl --user work', async () => {
    // before: no user manager (nobody logged in), so no user bus
    expect((await lab.exec(['test', '-e', '/run/user/1000/bus'])).code).not.toBe(0);
    const noBus = await lab.exec(['systemctl', '--user', 'is-system-running'], { user: 'ocss', env: USER_ENV });
    expect(noBus.code).not.toBe(0);

    expect((await lab.exec(['loginctl', 'enable-linger', 'ocss'])).code).toBe(0);
    await waitFor('/run/user/1000/bus', async () => (await lab.exec(['test', '-S', '/run/user/1000/bus'])).code === 0);
    expect((await lab.exec(['systemctl', 'is-active', 'user@1000.service'])).stdout.trim()).toBe('active');
    const state = await lab.exec(['systemctl', '--user', 'is-system-running', '--wait'], { user: 'ocss', env: USER_ENV });
    expect(state.stdout.trim()).toBe('running');
    // the bus answers, too (what DBUS_SESSION_BUS_ADDRESS users such as `openclaw gateway install` talk to)
    const busctl = await lab.exec(['busctl', '--user', 'status', '--no-pager'], {
      user: 'ocss', env: { ...USER_ENV, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' } });
    expect(busctl.code).toBe(0);
    expect(busctl.stdout).toMatch(/^OwnerUID=1000$/m);
  });

  it('a user unit is enabled, started, and keeps running with no login session (linger)', async () => {
    const unit = '[Unit]\nDescription=lab probe\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=default.target\n';
    const put = await lab.exec(['sh', '-c', 'mkdir -p ~/.config/systemd/user && cat > ~/.config/systemd/user/ocss-probe.service'],
      { user: 'ocss', input: unit });
    expect(put.code).toBe(0);
    const on = await lab.exec(['sh', '-c', 'systemctl --user daemon-reload && systemctl --user enable --now ocss-probe.service'],
      { user: 'ocss', env: USER_ENV });
    expect(on.stderr).toContain('Created symlink');
    expect(on.code).toBe(0);
    const activeAsUser = async () => (await lab.exec(['systemctl', '--user', 'is-active', 'ocss-probe'], { user: 'ocss', env: USER_ENV })).stdout.trim();
    expect(await activeAsUser()).toBe('active');
    // no login session exists: lab.exec is not a login, and the user manager runs only because of linger
    expect((await lab.exec(['loginctl', 'list-sessions', '--no-legend'])).stdout.trim()).toBe('');
    expect((await lab.exec(['loginctl', 'show-user', 'ocss', '-p', 'Linger', '--value'])).stdout.trim()).toBe('yes');

    // a login comes and goes; the unit stays
    const login = await labSsh(lab, 'systemctl --user is-active ocss-probe; echo "$XDG_RUNTIME_DIR"');
    expect(login.stdout).toBe('active\n/run/user/1000\n');
    await waitFor('the ssh session to end', async () => (await lab.exec(['loginctl', 'list-sessions', '--no-legend'])).stdout.trim() === '');
    expect(await activeAsUser()).toBe('active');

    // a restarted user manager (as after a reboot) starts the enabled unit again, with nobody logged in
    expect((await lab.exec(['systemctl', 'restart', 'user@1000.service'])).code).toBe(0);
    await waitFor('ocss-probe after the restart', async () => (await activeAsUser()) === 'active');
  }, 120_000);

  it('ssh on port 22 logs in, sudo asks for the password, and the login is a logind session', async () => {
    const r = await labSsh(lab, 'id -un; loginctl show-session "$XDG_SESSION_ID" -p Remote -p Service');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'Remote=yes', 'Service=sshd', 'ocss']);
    expect((await labSsh(lab, 'sudo -n true')).stderr).toContain('a password is required');
    const right = await labSsh(lab, "sudo -S -p '' id -u", `${lab.sudoPassword}\n`);
    expect(right.stdout.trim()).toBe('0');
    expect((await labSsh(lab, 'openclaw --version')).stdout).toContain('2026.9.6');
  }, 60_000);

  it('ufw and net.* sysctls work over ssh + sudo (as the app runs them); the host stays untouched', async () => {
    const hostRulesBefore = hostRuleset(lab);
    // through sshd, a service of the lab's systemd: it has only the capabilities nspawn leaves the lab (lab.exec has all)
    const r = await labSsh(lab, "sudo -S -p '' sh -c 'ufw allow 22/tcp && ufw --force enable && ufw status && sysctl -w net.ipv4.tcp_syncookies=1'",
      `${lab.sudoPassword}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Status: active');
    expect(r.stdout).toContain('net.ipv4.tcp_syncookies = 1');
    expect((await lab.exec(['nft', 'list', 'ruleset'])).stdout).toContain('ufw-user-input');
    expect((await labSsh(lab, 'echo still-reachable')).stdout.trim()).toBe('still-reachable');
    expect(hostRuleset(lab)).toBe(hostRulesBefore);
    const ro = await labSsh(lab, "sudo -S -p '' sh -c 'echo 1 > /proc/sys/kernel/dmesg_restrict'", `${lab.sudoPassword}\n`);
    expect(ro.stderr).toContain('Read-only file system');
    expect(hostSnapshot()).toEqual(before);
  }, 60_000);

  it('the wsl.exe stand-in runs commands in the systemd lab', () => {
    const r = spawnSync('bash', [WSL_STANDIN, '-d', 'Ubuntu-24.04', '--exec', 'sh', '-c', 'id -un; cat /proc/1/comm'],
      { encoding: 'utf8', env: { ...process.env, OCSS_WSL_STANDIN_STATE: lab.stateFile } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ocss\nsystemd\n');
  });

  it('stop() leaves nothing behind: no netns, mounts, processes, cgroups or nspawn runtime files', async () => {
    const { name, dir, pid } = lab;
    expect(pidsInLabCgroups(name).length).toBeGreaterThan(5); // the check below can see the lab's processes
    const t0 = Date.now();
    await lab.stop();
    const stopMs = Date.now() - t0;
    await lab.stop(); // idempotent
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(name);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(pidsInLabCgroups(name)).toEqual([]);
    for (const root of CGROUP_ROOTS) expect(existsSync(join(root, name))).toBe(false);
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(mounts).not.toContain(name);
    expect(mounts).not.toContain(dir);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`/run/ocss-lab/${name}.json`)).toBe(false);
    expect(hostSnapshot()).toEqual(before);
    expect(stopMs).toBeLessThan(10_000);
  }, 30_000);
});

describe('systemd lab without OpenClaw (startLab({ systemd: true, openclaw: false }))', () => {
  it('boots, has no openclaw or Node on PATH, and keeps the test tools\' Node', async () => {
    const lab = await startLab({ systemd: true, openclaw: false });
    try {
      expect(lab.openclaw).toBe(false);
      expect((await lab.exec(['systemctl', 'is-system-running'])).stdout.trim()).toBe('running');
      const r = await labSsh(lab, 'command -v openclaw node node24; ls /opt; ls /usr/local/bin');
      expect(r.stdout).toBe('ocss-lab-images\nocss-lab-node\n'); // the sandbox image archive (LAB_SANDBOX_IMAGE_TAR) and the tools' Node
      expect((await lab.exec([LAB_TOOLS_NODE, '-p', 'process.version'])).stdout.trim()).toBe('v24.21.0');
    } finally {
      await lab.stop();
    }
  }, 120_000);
});

describe('systemd lab whose owner died', () => {
  it('cleanupStaleLabs() removes it: processes, cgroups, netns, temp dir', async () => {
    const lab = await startLab({ systemd: true });
    try {
      // as if the test run that started it had been SIGKILLed: the registry names an owner that is gone
      const reg = `/run/ocss-lab/${lab.name}.json`;
      const dead = spawnSync('true');
      writeFileSync(reg, JSON.stringify({ ...JSON.parse(readFileSync(reg, 'utf8')), ownerPid: dead.pid, ownerStart: '1' }));
      expect(pidsInLabCgroups(lab.name).length).toBeGreaterThan(5);
      expect(cleanupStaleLabs()).toContain(lab.name);
      expect(existsSync(`/proc/${lab.pid}`)).toBe(false);
      // systemd-nspawn is this process's child here (a real dead owner's is reaped by init): let Node reap it
      await waitFor('systemd-nspawn to be reaped', async () => pidsInLabCgroups(lab.name).length === 0, 5000);
      for (const root of CGROUP_ROOTS) expect(existsSync(join(root, lab.name))).toBe(false);
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(lab.name);
      expect(existsSync(lab.dir)).toBe(false);
      expect(existsSync(reg)).toBe(false);
    } finally {
      await lab.stop();
    }
  }, 120_000);
});

describe('systemd lab with units that fail or hang at boot', () => {
  it('a failing unit: startLab() returns, the system is degraded and names the unit', async () => {
    const lab = await startLab({ systemd: true, units: { 'ocss-broken.service': '[Service]\nType=oneshot\nExecStart=/bin/false\n' } });
    try {
      expect((await lab.exec(['systemctl', 'is-system-running'])).stdout.trim()).toBe('degraded');
      expect((await lab.exec(['systemctl', '--failed', '--no-legend', '--plain'])).stdout).toMatch(/^ocss-broken\.service /);
    } finally {
      await lab.stop();
    }
  }, 120_000);

  it('a boot that does not finish: a clear error with the state, failed units and journal, and nothing left', async () => {
    const hang = '[Unit]\nDescription=hangs the boot\n[Service]\nType=oneshot\nExecStart=/bin/sleep 600\n';
    const started = Date.now();
    const err = await startLab({ systemd: true, timeoutMs: 20_000, units: { 'ocss-hang.service': hang } })
      .then(() => undefined, (e: Error) => e);
    expect(Date.now() - started).toBeLessThan(60_000);
    const msg = err?.message ?? '';
    expect(msg).toMatch(/^lab: systemd in ocss-lab-[0-9a-f]{6} did not boot: state "(starting|no answer)" after \d+ ms; a unit below may hang/);
    expect(msg).toContain('Failed units:');
    expect(msg).toMatch(/Journal \(last 40 lines\):\n[\s\S]*(ocss-hang\.service|hangs the boot)/);
    expect(msg).toContain('Console (last 30 lines):');
    const name = /(ocss-lab-[0-9a-f]{6})/.exec(msg)?.[1] ?? 'no-name-in-message';
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(name);
    expect(pidsInLabCgroups(name)).toEqual([]);
    for (const root of CGROUP_ROOTS) expect(existsSync(join(root, name))).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(name);
    expect(existsSync(`/run/ocss-lab/${name}.json`)).toBe(false);
  }, 120_000);

  it('refuses units without systemd, and names that are not unit files, before starting anything', async () => {
    await expect(startLab({ units: { 'a.service': '' } })).rejects.toThrow('lab: units need systemd: true');
    await expect(startLab({ systemd: true, units: { '../etc/passwd': '' } })).rejects.toThrow('is not a unit file name');
  });
});

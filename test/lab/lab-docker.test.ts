import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { LAB_SANDBOX_IMAGE, LAB_SANDBOX_IMAGE_TAR, startLab, type Lab } from './lab';

function fileHash(p: string): string {
  return existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent';
}

/** a host network device a lab harness made (other engineers' labs come and go while this test runs) */
const LAB_DEV = /^ocss-[0-9a-f]{6}$/;
const ipJson = (...args: string[]) => JSON.parse(execFileSync('ip', ['-j', ...args], { encoding: 'utf8' })) as Record<string, unknown>[];

/** the host's network as dockerd could change it: links, addresses, routes, forwarding, /etc/docker and docker's socket */
function hostNetwork() {
  const links = ipJson('link', 'show').filter((l) => !LAB_DEV.test(String(l.ifname))).map((l) => `${String(l.ifname)} ${String(l.operstate)}`).sort();
  const addrs = ipJson('addr', 'show').filter((l) => !LAB_DEV.test(String(l.ifname)))
    .flatMap((l) => ((l.addr_info ?? []) as { local: string; prefixlen: number }[]).map((a) => `${String(l.ifname)} ${a.local}/${a.prefixlen}`)).sort();
  const routes = [...ipJson('route', 'show', 'table', 'all'), ...ipJson('-6', 'route', 'show', 'table', 'all')]
    .filter((r) => !LAB_DEV.test(String(r.dev)) && !/^10\.23[12]\./.test(String(r.dst)))
    .map((r) => `${String(r.table ?? 'main')} ${String(r.dst)} ${String(r.gateway ?? '')} ${String(r.dev ?? '')}`).sort();
  return {
    links, addrs, routes,
    forward: readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8'),
    etcDocker: existsSync('/etc/docker') ? execFileSync('find', ['/etc/docker'], { encoding: 'utf8' }) : 'absent',
    dockerSock: existsSync('/run/docker.sock') || existsSync('/var/run/docker.sock'),
    resolv: fileHash('/etc/resolv.conf'),
  };
}

/** the host's firewall, read in the host's netns with the lab's own nft and iptables-save (nsenter into the lab's mount ns only) */
function hostFirewall(lab: Lab): string {
  const inLabFs = (cmd: string[]) => execFileSync('nsenter', ['--target', String(lab.pid), '--mount', '--root', '--wd', '--', ...cmd], { encoding: 'utf8' });
  return `${inLabFs(['nft', 'list', 'ruleset'])}\n${inLabFs(['iptables-save']).replace(/^#.*\n/gm, '')}`;
}

describe('startLab({ systemd: true, docker: true }): a real dockerd inside the lab (lab-docker)', () => {
  let lab: Lab;
  let netBefore: ReturnType<typeof hostNetwork>;
  let fwBefore = '';
  beforeAll(async () => {
    netBefore = hostNetwork();
    lab = await startLab({ systemd: true, docker: true });
    fwBefore = hostFirewall(lab);
  }, 300_000);
  afterAll(async () => { await lab?.stop(); });

  it('dockerd (Debian docker.io 20.10) runs as docker.service with the cgroupfs driver and overlay2 on the lab tmpfs', async () => {
    expect(lab.docker).toBe(true);
    const info = await lab.exec(['docker', 'info', '--format', '{{.ServerVersion}} {{.Driver}} {{.CgroupDriver}}']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout.trim()).toMatch(/^20\.10\.\d+\S* overlay2 cgroupfs$/);
    const units = await lab.exec(['systemctl', 'is-active', 'docker.service', 'docker.socket', 'containerd.service']);
    expect(units.stdout.trim().split('\n')).toEqual(['active', 'active', 'active']);
  }, 120_000);

  it('the sandbox image loads from its file; a container with --network none sees only lo and a read-only root', async () => {
    const load = await lab.exec(['docker', 'load', '-i', LAB_SANDBOX_IMAGE_TAR], { timeoutMs: 300_000 });
    expect(load.code, load.stderr).toBe(0);
    expect(load.stdout).toContain(`Loaded image: ${LAB_SANDBOX_IMAGE}`);
    const cfg = await lab.exec(['docker', 'image', 'inspect', '--format', '{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Cmd}}', LAB_SANDBOX_IMAGE]);
    expect(cfg.stdout.trim()).toBe('sandbox /home/sandbox ["sleep","infinity"]');
    const run = await lab.exec(['docker', 'run', '--rm', '--init', '--network', 'none', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      LAB_SANDBOX_IMAGE, 'sh', '-c', 'ls /sys/class/net; awk \'$2 == "/" { print $4; exit }\' /proc/mounts; ( : >/home/sandbox/x ) 2>&1 || true; for t in bash curl git jq python3 rg; do command -v $t >/dev/null || echo "missing $t"; done'], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('lo');
    expect(lines[1]).toMatch(/^ro,/);
    expect(run.stdout).not.toContain('missing');
    expect(run.stderr + run.stdout).toMatch(/Read-only file system/);
  }, 300_000);

  it("docker's networks live in the lab's netns: docker0 and its NAT rules are there, not on the host", async () => {
    expect((await lab.exec(['ip', '-o', 'link', 'show', 'docker0'])).code).toBe(0);
    expect((await lab.exec(['iptables-save', '-t', 'nat'])).stdout).toContain('DOCKER');
    const bridged = await lab.exec(['docker', 'run', '--rm', LAB_SANDBOX_IMAGE, 'sh', '-c', 'ls /sys/class/net | tr "\\n" " "'], { timeoutMs: 120_000 });
    expect(bridged.stdout.trim()).toBe('eth0 lo');
    expect(existsSync('/sys/class/net/docker0')).toBe(false);
    expect(hostFirewall(lab)).toBe(fwBefore);
    expect(hostFirewall(lab)).not.toContain('DOCKER');
    expect(hostNetwork()).toEqual(netBefore);
  }, 300_000);

  it('stop() leaves the host as it was', async () => {
    await lab.stop();
    expect(hostNetwork()).toEqual(netBefore);
  }, 60_000);
});

describe('a systemd lab without docker: docker.io is installed but nothing starts it', () => {
  it('docker.service and docker.socket are disabled and inactive', async () => {
    const lab = await startLab({ systemd: true });
    try {
      expect(lab.docker).toBe(false);
      const r = await lab.exec(['systemctl', 'is-enabled', 'docker.service', 'docker.socket', 'containerd.service']);
      expect(r.stdout.trim().split('\n')).toEqual(['disabled', 'disabled', 'disabled']);
      expect((await lab.exec(['systemctl', 'is-active', 'docker.service'])).stdout.trim()).toBe('inactive');
      expect((await lab.exec(['ip', 'link', 'show', 'docker0'])).code).not.toBe(0);
    } finally {
      await lab.stop();
    }
  }, 300_000);
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cleanupStaleLabs, startLab, type Lab } from './lab';
import { MIRROR_NODE_TARBALL, MIRROR_NODE_VERSION, MIRROR_OPENCLAW_VERSION, startMirror, type Mirror } from './mirror';

const NODE_DIR = MIRROR_NODE_TARBALL.replace(/\.tar\.gz$/, '');

/** the host's own network state: addresses, links, routes, rules, as `ip` prints them in the host's netns */
function hostNetwork(): string[] {
  const ip = (...a: string[]) => execFileSync('ip', a, { encoding: 'utf8' });
  return [ip('-o', 'addr'), ip('-o', 'link'), ip('route', 'show', 'table', 'all'), ip('-6', 'route', 'show', 'table', 'all'), ip('rule')]
    .join('\n').split('\n')
    // Other test runs on this machine start and stop labs at any time: their veths (ocss-<hex>) and 10.231.x.x
    // addresses come and go. Everything else must stay exactly as it was.
    .filter((l) => l.trim() !== '' && !/\bocss-[0-9a-f]{6}\b|10\.231\./.test(l))
    .map((l) => l.replace(/\s+(valid_lft|preferred_lft)\s+\S+/g, '').replace(/^\d+:\s+/, '').trim())
    .sort();
}

function netnsList(): string {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
}

describe('lab mirror (npm registry + Node dist tree in their own netns)', () => {
  let lab: Lab;
  let mirror: Mirror;
  let hostBefore: string[];

  beforeAll(async () => {
    lab = await startLab();
    hostBefore = hostNetwork();
    const t0 = Date.now();
    mirror = await startMirror(lab);
    console.log(`[mirror] startMirror (cached build) + connect: ${Date.now() - t0} ms`);
  }, 1_500_000);

  afterAll(async () => {
    await mirror?.stop();
    await lab?.stop();
  }, 60_000);

  it('has the documented shape', () => {
    expect(mirror.name).toMatch(/^ocss-mirror-[0-9a-f]{6}$/);
    expect(mirror.address).toMatch(/^10\.232\.\d{1,3}\.1$/);
    expect(mirror.registryUrl).toBe(`http://${mirror.address}:4873/`);
    expect(mirror.nodeDistUrl).toBe(`http://${mirror.address}:8080/dist/`);
    expect(Object.keys(mirror.shasums)).toEqual([MIRROR_NODE_TARBALL]);
    expect(mirror.shasums[MIRROR_NODE_TARBALL]).toMatch(/^[0-9a-f]{64}$/);
    const onDisk = JSON.parse(readFileSync(`${mirror.cacheDir}/dist/v${MIRROR_NODE_VERSION}/lab-shasums.json`, 'utf8')) as unknown;
    expect(onDisk).toEqual(mirror.shasums);
  });

  it('serves the Node tarball from inside the lab; its sha256 matches the table and SHASUMS256.txt', async () => {
    const base = `${mirror.nodeDistUrl}v${MIRROR_NODE_VERSION}`;
    const t0 = Date.now();
    const r = await lab.exec(['sh', '-c', 'set -e; curl -fsS -o /tmp/node.tgz "$1/$2"; sha256sum /tmp/node.tgz | cut -d" " -f1; curl -fsS "$1/SHASUMS256.txt"; tar -tzf /tmp/node.tgz',
      'sh', base, MIRROR_NODE_TARBALL]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    console.log(`[mirror] tarball download + sha256sum + tar -tzf in the lab: ${Date.now() - t0} ms`);
    const [sha, shasumsLine, ...files] = r.stdout.trim().split('\n');
    expect(sha).toBe(mirror.shasums[MIRROR_NODE_TARBALL]);
    expect(shasumsLine).toBe(`${sha}  ${MIRROR_NODE_TARBALL}`);
    for (const f of ['bin/node', 'bin/npm', 'bin/npx', 'lib/node_modules/npm/package.json', 'include/node/node.h']) {
      expect(files).toContain(`${NODE_DIR}/${f}`);
    }
  });

  it('is reachable from the lab only through its own link (no default route appears)', async () => {
    const r = await lab.exec(['sh', '-c', 'ip -o route get "$1"; ip route show default | wc -l', 'sh', mirror.address]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${mirror.address.replace(/\./g, '\\.')} via 10\\.232\\.\\d+\\.1 dev mir-`));
    expect(r.stdout.trim().split('\n').pop()).toBe('0');
    // The host itself has no way to the mirror: no route of its own, and whatever its default route leads to (on CI
    // a gateway may answer any address) is not the mirror's registry.
    expect(execFileSync('ip', ['-o', 'route', 'get', mirror.address], { encoding: 'utf8' })).not.toMatch(/ dev (mir-|m-)/);
    const fromHost = spawnSync('curl', ['-sS', '-m', '3', `${mirror.registryUrl}openclaw`], { encoding: 'utf8' });
    expect(fromHost.stdout ?? '').not.toContain(MIRROR_OPENCLAW_VERSION);
  });

  describe('npm against the registry, with the tarball\'s own node and npm', () => {
    const prefix = '/tmp/oc-prefix';
    const node = `/tmp/node/${NODE_DIR}/bin`;
    const asUser = (script: string, ...args: string[]) => lab.exec(['sh', '-c', script, 'sh', ...args],
      { user: lab.user, env: { PATH: `${node}:/usr/bin:/bin`, npm_config_registry: mirror.registryUrl }, timeoutMs: 600_000 });

    beforeAll(async () => {
      const r = await lab.exec(['sh', '-c', 'set -e; curl -fsS -o /tmp/node-user.tgz "$1"; mkdir -p /tmp/node; tar -xzf /tmp/node-user.tgz -C /tmp/node; chmod -R a+rX /tmp/node',
        'sh', `${mirror.nodeDistUrl}v${MIRROR_NODE_VERSION}/${MIRROR_NODE_TARBALL}`]);
      expect(r.stderr).toBe('');
    }, 120_000);

    it('npm view openclaw@2026.9.6 version', async () => {
      const r = await asUser('npm view "openclaw@$1" version', MIRROR_OPENCLAW_VERSION);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(MIRROR_OPENCLAW_VERSION);
    });

    it('has no uplinks: a package that was not stored is a 404', async () => {
      const r = await asUser('npm view left-pad version');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/E404|404 Not Found/);
    });

    it('npm install -g --prefix <tmp> openclaw@2026.9.6 succeeds; openclaw --version prints 2026.9.6', async () => {
      const t0 = Date.now();
      const r = await asUser('node --version; npm --version; npm install -g --prefix "$1" "openclaw@$2" 2>&1', prefix, MIRROR_OPENCLAW_VERSION);
      const ms = Date.now() - t0;
      console.log(`[mirror] npm install -g openclaw@${MIRROR_OPENCLAW_VERSION} from the mirror: ${ms} ms`);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout.split('\n').slice(0, 2)).toEqual([`v${MIRROR_NODE_VERSION}`, '11.19.0']);
      expect(r.stdout).toMatch(/added \d+ packages/);
      const v = await asUser('readlink -f "$1/bin/openclaw"; "$1/bin/openclaw" --version', prefix);
      expect(v.code, v.stderr).toBe(0);
      const [target, version] = v.stdout.trim().split('\n');
      expect(target).toBe(`${prefix}/lib/node_modules/openclaw/openclaw.mjs`);
      expect(version).toContain(MIRROR_OPENCLAW_VERSION);
    }, 600_000);
  });

  it('serves a corrupted tarball, a wrong SHASUMS256.txt and slow downloads when asked, then the good ones again', async () => {
    const base = `${mirror.nodeDistUrl}v${MIRROR_NODE_VERSION}`;
    const get = () => lab.exec(['sh', '-c', 'curl -fsS -o /tmp/f.tgz "$1/$2"; stat -c %s /tmp/f.tgz; sha256sum /tmp/f.tgz | cut -d" " -f1; curl -fsS "$1/SHASUMS256.txt"',
      'sh', base, MIRROR_NODE_TARBALL]);
    const good = (await get()).stdout.trim().split('\n');
    const sha = mirror.shasums[MIRROR_NODE_TARBALL];
    expect(good.slice(1)).toEqual([sha, `${sha}  ${MIRROR_NODE_TARBALL}`]);

    mirror.setFaults({ tarball: 'corrupt', shasums: 'wrong' });
    const bad = (await get()).stdout.trim().split('\n');
    expect(bad[0]).toBe(good[0]); // same length: only the hash tells
    expect(bad[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(bad[1]).not.toBe(sha);
    expect(bad[2]).toMatch(new RegExp(`^[0-9a-f]{64}  ${MIRROR_NODE_TARBALL.replace(/\./g, '\\.')}$`));
    expect(bad[2]).not.toContain(sha);

    mirror.setFaults({ bytesPerSecond: 500_000 });
    const slow = await lab.exec(['sh', '-c', 'curl -sS -m 2 -o /tmp/s.tgz "$1"; echo "rc=$?"; stat -c %s /tmp/s.tgz',
      'sh', `${base}/${MIRROR_NODE_TARBALL}`]);
    const [rc, size] = slow.stdout.trim().split('\n');
    expect(rc).toBe('rc=28'); // curl: operation timed out
    expect(Number(size)).toBeGreaterThan(100_000);
    expect(Number(size)).toBeLessThan(2_000_000);

    mirror.setFaults({});
    expect((await get()).stdout.trim().split('\n')).toEqual(good);
  }, 60_000);

  it('leaves the host\'s network untouched (no address, link or route outside the namespaces)', () => {
    expect(hostNetwork()).toEqual(hostBefore);
    expect(hostNetwork().join('\n')).not.toContain('10.232.');
  });

  it('stop() removes the netns, the servers, the lab\'s link and route, the temp dir and the registry entry', async () => {
    const m2 = await startMirror(lab);
    const linkName = `mir-${m2.name.slice(-6)}`;
    expect((await lab.exec(['ip', '-o', 'link'])).stdout).toContain(linkName);
    const pids = execFileSync('ip', ['netns', 'pids', m2.name], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    expect(pids.length).toBeGreaterThan(0);
    const t0 = Date.now();
    await m2.stop();
    console.log(`[mirror] stop(): ${Date.now() - t0} ms`);
    await m2.stop(); // idempotent
    expect(netnsList()).not.toContain(m2.name);
    for (const p of pids) expect(existsSync(`/proc/${p}`)).toBe(false);
    expect(existsSync(m2.dir)).toBe(false);
    expect(existsSync(`/run/ocss-lab/${m2.name}.json`)).toBe(false);
    const inLab = await lab.exec(['sh', '-c', 'ip -o link; ip route']);
    expect(inLab.stdout).not.toContain(linkName);
    expect(inLab.stdout).not.toContain(m2.address);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(m2.dir);
    // the first mirror still works
    expect((await lab.exec(['curl', '-fsS', '-o', '/dev/null', `${mirror.nodeDistUrl}v${MIRROR_NODE_VERSION}/SHASUMS256.txt`])).code).toBe(0);
  }, 120_000);

  it('cleanupStaleLabs() removes a mirror whose owner died (as after a SIGKILLed test run)', async () => {
    const m3 = await startMirror(lab);
    const entryFile = `/run/ocss-lab/${m3.name}.json`;
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { ownerPid: number; ownerStart: string };
    // an owner that is certainly dead: a finished child of ours
    const dead = spawnSync('true');
    writeFileSync(entryFile, JSON.stringify({ ...entry, ownerPid: dead.pid, ownerStart: '1' }));
    expect(cleanupStaleLabs()).toContain(m3.name);
    expect(netnsList()).not.toContain(m3.name);
    expect(existsSync(m3.dir)).toBe(false);
    expect(existsSync(entryFile)).toBe(false);
    expect((await lab.exec(['ip', '-o', 'link'])).stdout).not.toContain(`mir-${m3.name.slice(-6)}`);
    await m3.stop(); // still safe to call
  }, 120_000);
});

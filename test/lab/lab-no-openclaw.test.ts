import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_TOOLS_NODE, startLab, type Lab } from './lab';
import { labSsh } from './lab-ssh';

describe('lab without OpenClaw (startLab({ openclaw: false }))', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ openclaw: false });
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('has no openclaw, no /opt/openclaw and no Node, for the login user and for root', async () => {
    expect(lab.openclaw).toBe(false);
    const login = await labSsh(lab, 'command -v openclaw node node24 nodejs npm; ls -A /opt; ls -A /usr/local/bin; echo "PATH=$PATH"');
    expect(login.stderr).toBe('');
    const lines = login.stdout.trim().split('\n');
    expect(lines.slice(0, -1)).toEqual(['ocss-lab-images', 'ocss-lab-node']); // command -v found nothing; /usr/local/bin is empty; /opt: the sandbox image archive and the tools' Node
    expect(lines.at(-1)).not.toContain('ocss-lab-node');
    for (const user of ['root', 'ocss']) {
      const r = await lab.exec(['sh', '-c', 'command -v openclaw node node24; test -e /opt/openclaw && echo has-opt-openclaw; echo "$PATH"'], { user });
      expect(r.stdout.trim().split('\n')).toEqual([expect.not.stringContaining('ocss-lab-node')]);
    }
    const sudo = await labSsh(lab, "sudo -S -p '' sh -c 'command -v openclaw node; echo \"$PATH\"'", `${lab.sudoPassword}\n`);
    expect(sudo.stdout.trim().split('\n')).toEqual([expect.not.stringContaining('ocss-lab-node')]);
  });

  it('keeps a Node 24 for test tools at LAB_TOOLS_NODE, off every PATH', async () => {
    expect(LAB_TOOLS_NODE).toBe('/opt/ocss-lab-node/bin/node');
    const r = await lab.exec([LAB_TOOLS_NODE, '-e', 'console.log(process.version, require("node:os").userInfo().username)'], { user: 'ocss' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('v24.21.0 ocss\n');
  });

  it('hides by whiteouts in the upper layer: the cached rootfs keeps OpenClaw, the directories look unchanged', async () => {
    expect(existsSync(join(lab.lowerRootfs, 'opt/openclaw/node_modules/openclaw/openclaw.mjs'))).toBe(true);
    expect(existsSync(join(lab.lowerRootfs, 'usr/local/bin/openclaw'))).toBe(true);
    expect(existsSync(join(lab.hostRootPath, 'opt/openclaw'))).toBe(false);
    for (const d of ['', 'usr', 'usr/local', 'usr/local/bin', 'opt']) {
      const inLab = statSync(join(lab.hostRootPath, d));
      const lower = statSync(join(lab.lowerRootfs, d));
      expect({ d, mode: inLab.mode, uid: inLab.uid, gid: inLab.gid }).toEqual({ d, mode: lower.mode, uid: lower.uid, gid: lower.gid });
    }
  });

  it('an installer can put OpenClaw back where it was hidden', async () => {
    const r = await lab.exec(['sh', '-c', 'mkdir -p /opt/openclaw && echo x > /opt/openclaw/probe && ls -A /opt/openclaw']);
    expect(r.stdout).toBe('probe\n'); // the old contents stay hidden (the new directory is opaque)
  });
});

describe('default lab', () => {
  it('still has OpenClaw and LAB_TOOLS_NODE', async () => {
    const lab = await startLab();
    try {
      expect(lab.openclaw).toBe(true);
      expect((await labSsh(lab, 'command -v openclaw node24')).stdout).toBe('/usr/local/bin/openclaw\n/usr/local/bin/node24\n');
      expect((await lab.exec([LAB_TOOLS_NODE, '-p', 'process.version'])).stdout.trim()).toBe('v24.21.0');
    } finally {
      await lab.stop();
    }
  }, 120_000);
});

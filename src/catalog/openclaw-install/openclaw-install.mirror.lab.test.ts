import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { MIRROR_NODE_TARBALL as TARBALL, startMirror, type Mirror } from '../../../test/lab/mirror'
import { openclawAccount } from '../openclaw-account/step'
import { evaluateOpenClawInstall } from './evaluate'
import { openclawInstallParams } from './pins'
import { openclawInstall } from './step'

// The whole install against the lab mirror (test/lab/mirror.ts: verdaccio with openclaw@2026.9.6 and its
// dependencies, and a Node dist tree, in their own network namespace): the real download, hash check, npm install,
// `openclaw --version`, check, second apply, undo. The mirror's tarball is not the official one: its hash reaches the
// script through openclawInstallParams' tests-only option.
const HOME = '/home/openclaw'

let lab: Lab
let mirror: Mirror

const asEnv = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [`OCSS_${k}`, v]))
function run(script: string, env: Record<string, string> = {}) {
  return lab.exec(['bash', '-c', script], { env: { SUDO_USER: 'ocss', ...env }, timeoutMs: 900_000 })
}
function apply() {
  return run(openclawInstall.scripts.apply, {
    ...asEnv(openclawInstallParams({ nodeSha256ForTests: { x64: mirror.shasums[TARBALL] ?? '' } })),
    OCSS_IN_NPM_REGISTRY: mirror.registryUrl,
    OCSS_IN_NODE_DIST_URL: mirror.nodeDistUrl,
  })
}
/**
 * Every path under the account's home and the step's state folder (mode, owner, type); files and links also with size
 * and mtime, so a rewrite shows. Folder mtimes are left out: removing what apply added changes its parent's mtime.
 */
async function snapshot(): Promise<string> {
  return (await lab.exec(['bash', '-c', `find ${HOME} /var/lib/openclaw-secure-setup/state \\( -type d -printf '%p %m %u d\\n' \\) -o -printf '%p %m %u %y %s %T@\\n' 2>/dev/null | sort`])).stdout
}

describe('openclaw-install from the lab mirror (npm registry + Node dist tree)', () => {
  beforeAll(async () => {
    lab = await startLab()
    mirror = await startMirror(lab)
    expect((await run(openclawAccount.scripts.apply)).code).toBe(0)
  }, 1_500_000)
  afterAll(async () => {
    await mirror?.stop()
    await lab?.stop()
  }, 60_000)

  let before = ''
  let installed = ''
  it('installs OpenClaw 2026.9.6 for openclaw from the mirror; openclaw --version says so; the check passes', async () => {
    before = await snapshot()
    const r = await apply()
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
    expect(r.stdout).toContain(`SHA-256 matches: ${mirror.shasums[TARBALL] ?? '?'}`)
    expect(r.stdout).toContain('OpenClaw 2026.9.6 is installed for openclaw')
    expect(r.stdout).toMatch(/openclaw --version \(as openclaw\)[^\n]*\n[^\n]*2026\.9\.6/)
    const c = await run(openclawInstall.scripts.check)
    const v = evaluateOpenClawInstall({ exitCode: c.code, stdout: c.stdout })
    expect(v.status, `${v.summary}\n${v.evidence.join('\n')}`).toBe('pass')
    expect(v.evidence.some((e) => e.startsWith('note: extracted from a tarball with SHA-256'))).toBe(true)
    // As the account, the command on its PATH is the one in its prefix, and root owns nothing there.
    const who = await lab.exec(['bash', '-c', `find ${HOME}/.local ! -user openclaw | head -3; readlink -f ${HOME}/.local/bin/openclaw`])
    expect(who.stdout.trim()).toBe(`${HOME}/.local/lib/node_modules/openclaw/openclaw.mjs`)
    installed = await snapshot()
  }, 900_000)

  it('applying again downloads nothing and changes no file', async () => {
    const r = await apply()
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('nothing to download')
    expect(r.stdout).toContain('openclaw@2026.9.6 is already installed in /home/openclaw/.local; nothing to download')
    expect(r.stdout).not.toContain('Downloading')
    expect(await snapshot()).toBe(installed)
  }, 900_000)

  it('undo removes exactly what apply installed', async () => {
    const r = await run(openclawInstall.scripts.undo)
    expect(r.code, r.stderr).toBe(0)
    expect(await snapshot()).toBe(before)
  }, 300_000)

  it('a corrupted tarball from the mirror is refused before extraction', async () => {
    mirror.setFaults({ tarball: 'corrupt' })
    const r = await apply()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/The SHA-256 of node-v24\.21\.0-linux-x64\.tar\.gz is [0-9a-f]{64}, but the pinned value is [0-9a-f]{64}\. Nothing was extracted/)
    expect((await lab.exec(['bash', '-c', `ls -A ${HOME}/.local/share/openclaw-secure-setup/node`])).stdout).toBe('')
    mirror.setFaults({})
    expect((await run(openclawInstall.scripts.undo)).code).toBe(0)
    expect(await snapshot()).toBe(before)
  }, 300_000)
})

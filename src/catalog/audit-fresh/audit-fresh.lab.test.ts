import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { onboardLabOpenClaw, openclawByHand } from '../../../test/helpers/step-contract'
import type { CatalogStep } from '../catalog-step'
import { mdnsOff } from '../mdns-off/step'
import { auditFresh } from './step'

// The lab's preinstalled OpenClaw as its user (ocss), onboarded by hand with OpenClaw's own CLI.
let lab: Lab
beforeAll(async () => {
  lab = await startLab()
  await onboardLabOpenClaw(lab)
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

/** One of a step's scripts as root in the lab, the way job-runner.sh does, with the account the service passes. */
async function run(step: CatalogStep, which: 'apply' | 'check' | 'undo') {
  return lab.exec(['env', `OCSS_OC_USER=${lab.user}`, 'bash', '-c', step.scripts[which]], { timeoutMs: 300_000 })
}
async function auditFreshVerdict() {
  const r = await run(auditFresh, 'check')
  return auditFresh.evaluate({ exitCode: r.code ?? -1, stdout: r.stdout })
}

describe('audit-fresh after a config step (lab, OpenClaw 2026.9.6)', () => {
  it('a config step\'s apply runs the audit and records it: audit-fresh passes; "openclaw config set" by hand: it fails', async () => {
    await lab.exec(['rm', '-f', `/var/lib/openclaw-secure-setup/state/last-audit-${lab.user}`])
    expect((await auditFreshVerdict()).status).toBe('fail')

    const apply = await run(mdnsOff, 'apply')
    expect(apply.code, apply.stderr).toBe(0)
    expect(apply.stdout).toMatch(/^audit critical=\d+ warn=\d+ /m)
    const fresh = await auditFreshVerdict()
    expect(fresh.status, fresh.summary).toBe('pass')

    await openclawByHand(lab, ['config', 'set', 'discovery.mdns.mode', 'full'])
    const stale = await auditFreshVerdict()
    expect(stale.status, stale.summary).toBe('fail')
    expect(stale.summary).toMatch(/changed/i)

    // The undo writes the config too and does not audit it (docs/openclaw-audit.md): the item says the config changed.
    await openclawByHand(lab, ['config', 'set', 'discovery.mdns.mode', 'off'])
    const undo = await run(mdnsOff, 'undo')
    expect(undo.code, undo.stderr).toBe(0)
    expect(undo.stdout).not.toMatch(/^audit /m)
    const afterUndo = await auditFreshVerdict()
    expect(afterUndo.status, afterUndo.summary).toBe('fail')
    expect(afterUndo.summary).toMatch(/changed/i)
  }, 900_000)
})

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { parseSections as sections } from '../catalog-step'
import { ensureAccount, runStepScript, snapshot } from '../openclaw-onboard/oc-step-lab'
import { openclawOnboard } from '../openclaw-onboard/step'
import { evaluateService, gatewayService } from './step'

// The default lab has no systemd as PID 1 (like WSL before "systemd in WSL", or a container): the step must stop
// with a clear message and change nothing. The systemd lab (startLab({ systemd: true }), branch lab-systemd) is
// where the service itself runs; see the describe below.
const ENV = { OCSS_OC_USER: 'openclaw' }
let lab: Lab

beforeAll(async () => {
  lab = await startLab()
  await ensureAccount(lab)
  const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
  if (r.code !== 0) throw new Error(`onboarding failed: ${r.stdout}${r.stderr}`)
}, 900_000)
afterAll(async () => { await lab?.stop() })

describe('gateway-service on a lab without systemd', () => {
  it('apply stops with a clear message and changes nothing (no linger, no unit, no backup)', async () => {
    const home = await snapshot(lab, '/home/openclaw')
    const state = await snapshot(lab, '/var/lib')
    const r = await runStepScript(lab, gatewayService, 'apply', ENV)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/systemd is not running as PID 1 here \(PID 1 is "[^"]+"\).*On WSL apply "systemd in WSL" first.*Nothing was changed\./)
    expect(await snapshot(lab, '/home/openclaw')).toBe(home)
    expect(await snapshot(lab, '/var/lib')).toBe(state)
  })

  it('the check fails "no service manager"; the fixture is what the lab prints', async () => {
    const out = (await runStepScript(lab, gatewayService, 'check', ENV)).stdout
    const v = evaluateService({ exitCode: 0, stdout: out })
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(/^No service manager: PID 1 is "/)
    // The shared facts (ocss_oc_facts): PID 1 normalised to the fixture's "bash"; the sections this step judges read the
    // same, and the fixture gets the same verdict (the config's timestamps and the lab's address vary per run).
    const live = out.replace(/^### oc-pid1\n.*\n/, '### oc-pid1\nbash\n')
    const file = join(__dirname, 'fixtures/no-systemd.fail.txt')
    if (process.env.OCSS_WRITE_FIXTURES === '1') writeFileSync(file, live)
    const fixture = readFileSync(file, 'utf8')
    for (const name of ['oc-pid1', 'oc-account', 'oc-unit']) expect(sections(live).get(name), name).toEqual(sections(fixture).get(name))
    expect(evaluateService({ exitCode: 0, stdout: fixture })).toEqual(evaluateService({ exitCode: 0, stdout: live }))
  })

  it('undo without an apply changes nothing', async () => {
    const r = await runStepScript(lab, gatewayService, 'undo', ENV)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Nothing to undo/)
  })
})

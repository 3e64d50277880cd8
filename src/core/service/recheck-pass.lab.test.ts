import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stepsFor } from '../../catalog'
import { labSpec } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { startLab, type Lab } from '../../../test/lab/lab'
import type { ChecklistView } from '../../shared/ipc-contract'
import type { SshTarget } from '../targets/ssh-target'

let lab: Lab
let driver: ServiceDriver
beforeAll(async () => {
  lab = await startLab()
  driver = new ServiceDriver(undefined, undefined, { reconnectDelays: [200, 500, 1000] })
  await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
  await driver.call('target:sudo-password', { password: lab.sudoPassword })
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

const requests = () => (driver.svc as unknown as { target: SshTarget }).target.channelRequests
const stateOf = (view: ChecklistView, id: string) => view.entries?.find((e) => e.item.id === id)?.state
const changedSince = (mark: number) => driver.events.slice(mark).filter((e) => e.event === 'checklist:changed').map((e) => e.payload as ChecklistView)
const fresh = (at: string | null | undefined, since: number) => at !== null && at !== undefined && Date.parse(at) >= since

describe('the re-check pass in the app (sudo password held in memory, lab over SSH)', () => {
  it('one root request for every OS check, the audit alongside as the user; each part reaches the window as it arrives', async () => {
    const mark = driver.events.length
    const before = requests()
    const t0 = Date.now()
    const result = await driver.run('checks:run', {})
    expect(result.interrupted).toBe(false)
    // Every SSH step of the catalogue, in wizard order, then OpenClaw's own audit.
    expect(result.stepIds).toEqual([...stepsFor('ssh').map((st) => st.meta.id), 'openclaw-audit'])
    // The check-launcher probe (is the check-only sudo rule there? then no password is sent): 1 on the user channel;
    // the OS-level batch: 1 request on the warm root channel; the audit: 1 on the user channel (the lab has no
    // OpenClaw account, so the login user's own install is audited after the batch said so).
    expect(requests() - before).toBe(3)
    const views = changedSince(mark)
    const osFirst = views.findIndex((v) => fresh(stateOf(v, 'ufw-default-deny')?.checkedAt, t0) && !fresh(stateOf(v, 'vm-openclaw-audit')?.checkedAt, t0))
    const auditAfter = views.findIndex((v, i) => i > osFirst && fresh(stateOf(v, 'vm-openclaw-audit')?.checkedAt, t0))
    expect(osFirst).toBeGreaterThanOrEqual(0) // the OS results were on screen while the audit still ran
    expect(auditAfter).toBeGreaterThan(osFirst)
    const last = driver.svc.checklist()
    expect(stateOf(last, 'ufw-default-deny')?.status).toBe('fail')
    expect(stateOf(last, 'vm-openclaw-audit')?.status).toBe('fail')
    expect(stateOf(last, 'vm-openclaw-audit')?.evidence[0]?.lines[0]).toMatch(/^openclaw security audit --deep --json: critical=1 /)
  })

  it('a connection dropped in the middle of the audit: the audit item reads interrupted, never passed', async () => {
    const mark = driver.finished.length
    await driver.call('checks:run', {})
    let seen = ''
    for (let i = 0; i < 300 && !seen; i++) {
      seen = (await lab.exec(['pgrep', '-f', 'security audit'])).stdout.trim()
      if (!seen) await new Promise((r) => setTimeout(r, 50))
    }
    expect(seen).not.toBe('')
    await lab.exec(['pkill', '-KILL', '-f', `^sshd: ${lab.user}`])
    const start = Date.now()
    while (driver.finished.length === mark && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 50))
    const result = driver.finished[mark]
    expect(result?.interrupted).toBe(true)
    expect(result?.ok).toBe(false)
    const audit = stateOf(driver.svc.checklist(), 'vm-openclaw-audit')
    expect(audit?.status).toBe('interrupted')
    expect(audit?.summary).toMatch(/interrupted/)
  })
})


import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec } from '../../../test/helpers/lab-target'
import { makeAuditClean } from '../../../test/helpers/openclaw-lab'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { SAME_ACCOUNT_TITLE } from './openclaw-account'

let lab: Lab
beforeAll(async () => {
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

async function warningsAtConnect(): Promise<readonly string[]> {
  const d = new ServiceDriver()
  try {
    const r = await d.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
    if (r.status !== 'connected') throw new Error('not connected')
    // The same summary reaches a reopened window through app:state.
    expect(d.svc.state().connected?.warnings).toEqual(r.target.warnings)
    return r.target.warnings ?? []
  } finally {
    await d.svc.dispose()
  }
}

describe('OpenClaw running as the account the app logs in as (lab: real OpenClaw CLI, login user ocss)', () => {
  it("the lab's OpenClaw, configured by ocss: the connection warns", async () => {
    await makeAuditClean(lab) // ~/.openclaw/openclaw.json, written by ocss as OpenClaw's own set-up would
    const w = await warningsAtConnect()
    expect(w).toHaveLength(1)
    expect(w[0]).toMatch(new RegExp(`^${SAME_ACCOUNT_TITLE}: OpenClaw is set up as ocss, the account this app logs in as \\(OpenClaw state folder ~/.openclaw\\)`))
    expect(w[0]).toMatch(/capture a sudo password/)
  })

  it('OpenClaw moved to a user of its own: no warning; a gateway process owned by ocss brings it back', async () => {
    const move = await lab.exec(['bash', '-c', 'useradd -m -s /bin/bash openclaw && mv /home/ocss/.openclaw /home/openclaw/.openclaw && chown -R openclaw:openclaw /home/openclaw/.openclaw'])
    expect(move.code).toBe(0)
    expect(await warningsAtConnect()).toEqual([])
    // A process of ocss whose command line is OpenClaw's gateway (the real gateway needs a model provider; this is a
    // stand-in process with that command line, which is all the detection reads).
    await lab.exec(['bash', '-c', "setsid bash -c 'exec -a \"openclaw gateway run\" sleep 60' </dev/null >/dev/null 2>&1 &"], { user: lab.user })
    const w = await warningsAtConnect()
    expect(w[0]).toMatch(/a running OpenClaw gateway process owned by this account \(pid \d+: openclaw gateway run/)
    await lab.exec(['pkill', '-u', lab.user, '-f', '^openclaw gateway run'])
    expect(await warningsAtConnect()).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import { AUDIT_STEP_ID, accountAuditLine } from '../checklist/openclaw-audit'
import { runRecheckPass } from './recheck-pass'

let lab: Lab
beforeAll(async () => {
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

async function pass() {
  const t = labTarget(lab)
  try {
    const parts: string[][] = []
    const outcome = await runRecheckPass(t, ['ufw-firewall'], { withAudit: true, onPart: (rs) => parts.push(rs.map((r) => r.stepId)) })
    return { outcome, parts, requests: t.channelRequests, audit: outcome.records.find((r) => r.stepId === AUDIT_STEP_ID) }
  } finally {
    await t.dispose()
  }
}

describe('the deep audit in the re-check pass, on the lab (real OpenClaw CLI, real runuser)', () => {
  it('without an OpenClaw account it audits the login user\'s own install over the user channel, and says so', async () => {
    const { audit, outcome, requests } = await pass()
    expect(requests).toBe(4) // sudo's probe, the sudo guard, the batch; then the audit over the user channel
    expect(outcome.records.map((r) => r.stepId)).toEqual(['ufw-firewall', AUDIT_STEP_ID])
    expect(audit?.status).not.toBe('error')
    expect(audit?.evidence).toContain(`audited account: the login user ${labTarget(lab).label} (its own install, over the user channel; there is no OpenClaw account "openclaw" on the machine yet)`)
    expect(audit?.summary).toContain('self-reported by the OpenClaw account')
  })

  it('with the account, root starts the audit as that account inside the batch; each finding comes with its fix', async () => {
    const add = await lab.exec(['useradd', '-m', '-s', '/bin/bash', 'openclaw'])
    expect(add.code, add.stderr).toBe(0)
    const { audit, parts, requests } = await pass()
    // The audit came back in the batch's own reply: no request of its own over the user channel.
    expect(requests).toBe(3)
    expect(parts).toEqual([['ufw-firewall'], [AUDIT_STEP_ID]])
    expect(audit?.evidence).toContain(accountAuditLine('openclaw'))
    expect(audit?.evidence.join('\n')).toMatch(/^openclaw program: \/usr\/local\/bin\/openclaw( -> \S+)? \(owner root, mode \d+\)$/m)
    // A fresh home: OpenClaw's own critical finding for a gateway without auth, with OpenClaw's remediation under it.
    expect(audit).toMatchObject({ status: 'fail', summary: expect.stringContaining('gateway.loopback_no_auth') })
    const i = audit?.evidence.findIndex((l) => l.startsWith('critical gateway.loopback_no_auth:')) ?? -1
    expect(audit?.evidence[i + 1]).toMatch(/^ {2}fix: \S/)
    // It really ran as the account: its state went into the account's home, none into root's.
    const owner = await lab.exec(['bash', '-c', 'stat -c %U /home/openclaw/.openclaw/state/openclaw.sqlite; ls -d /root/.openclaw 2>&1 | head -n1'])
    expect(owner.stdout).toMatch(/^openclaw\n.*No such file or directory/)
  })
})

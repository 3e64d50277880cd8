import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import { AUDIT_STEP_ID, accountAuditLine } from '../checklist/openclaw-audit'
import { runRecheckPass } from './recheck-pass'
import { auditFresh } from '../../catalog/audit-fresh/step'

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

  it('audit-fresh: the pass left a root-owned record of the config it audited; a later change fails the item until the audit runs again', async () => {
    const check = async () => {
      const r = await lab.exec(['bash', '-c', auditFresh.scripts.check])
      return auditFresh.evaluate({ exitCode: r.code, stdout: r.stdout })
    }
    const stamp = await lab.exec(['bash', '-c', 'stat -c "%U %a" /var/lib/openclaw-secure-setup/state/last-audit-openclaw; cat /var/lib/openclaw-secure-setup/state/last-audit-openclaw'])
    expect(stamp.stdout).toMatch(/^root 600\naudited-at \d+\nconfig absent absent\n$/) // a fresh account: no openclaw.json yet
    expect(await check()).toMatchObject({ status: 'pass' })

    // The account changes its config with OpenClaw's own CLI: the item fails and says so.
    const set = await lab.exec(['openclaw', 'config', 'set', 'gateway.bind', 'loopback'], { user: 'openclaw' })
    expect(set.code, set.stderr).toBe(0)
    const stale = await check()
    expect(stale).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^openclaw\.json changed \(last at .*\) after the last deep audit/) })

    // Apply runs the audit now (as the account) and records it; the item passes again.
    const applied = await lab.exec(['bash', '-c', auditFresh.scripts.apply])
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stdout).toMatch(/Running openclaw security audit --deep --json as openclaw/)
    expect(applied.stdout).toMatch(/^ {2}critical gateway\.loopback_no_auth$/m)
    const fresh = await check()
    expect(fresh).toMatchObject({ status: 'pass', summary: expect.stringMatching(/read the openclaw\.json that is there now/) })
    // A record that is not root's own 600 file is not trusted.
    await lab.exec(['chmod', '644', '/var/lib/openclaw-secure-setup/state/last-audit-openclaw'])
    expect(await check()).toMatchObject({ status: 'fail', summary: expect.stringMatching(/not trusted/) })
  })
})

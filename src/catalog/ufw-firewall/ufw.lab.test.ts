import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { firewallSnapshot, labSpec, labTarget, waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { PtySession } from '../../core/targets/pty-session'

let lab: Lab
let driver: ServiceDriver

beforeAll(async () => {
  lab = await startLab()
  driver = new ServiceDriver()
  const r = await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
  expect(r.status).toBe('connected')
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

function ufwItem() {
  return driver.svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')
}

describe('UFW step on the lab over SSH (sshd on port 2222, not 22)', () => {
  let before = ''
  let afterFirst = ''

  it('the check fails on a fresh machine and says why', async () => {
    before = await firewallSnapshot(lab)
    const r = await driver.run('checks:run', {}, lab.sudoPassword)
    expect(r.ok).toBe(true)
    expect(ufwItem()).toMatchObject({ status: 'fail' })
    expect(ufwItem()?.evidence).toContain('Status: inactive')
  })

  it('apply enables the firewall without ever cutting the SSH session', async () => {
    // A second, independent SSH session that stays open across the whole step.
    let witness = ''
    const session = new PtySession(labTarget(lab).terminalSpawn({ kind: 'login-shell' }), { onData: (d) => (witness += d), onExit: () => undefined })
    session.write('echo witness-$((40+2))\r')
    await waitFor(() => witness.includes('witness-42'), 15_000, 'witness shell')

    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, exitCode: 0, kind: 'apply' })
    expect(driver.terminal).toContain('Allowing SSH on port 2222/tcp before the firewall is enabled')
    expect(ufwItem()).toMatchObject({ status: 'pass' })

    const status = await lab.exec(['ufw', 'status', 'verbose'])
    expect(status.stdout).toContain('Status: active')
    expect(status.stdout).toMatch(/Default: deny \(incoming\), allow \(outgoing\)/)
    expect(status.stdout).toMatch(/^2222\/tcp\s+ALLOW IN\s+Anywhere/m)

    session.write('echo still-$((40+2)); exit\r')
    await waitFor(() => witness.includes('still-42'), 15_000, 'witness shell after apply')
    expect(await session.exitPromise).toBe(0)
    // And a brand-new connection still gets in.
    expect((await labTarget(lab).exec('echo new-connection')).stdout).toBe('new-connection\n')
    afterFirst = await firewallSnapshot(lab)
  })

  it('the firewall is real: a port that is not allowed is unreachable from outside', async () => {
    await lab.exec(['bash', '-c', 'nohup python3 -m http.server 8080 >/dev/null 2>&1 & echo started'])
    const probe = await labTarget(lab).exec('true')
    expect(probe.exitCode).toBe(0)
    const { spawnSync } = await import('node:child_process')
    const curl = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/${lab.host}/8080`], { timeout: 4000 })
    expect(curl.status).not.toBe(0)
  })

  it('applying a second time changes nothing', async () => {
    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, lab.sudoPassword)
    expect(r.ok).toBe(true)
    expect(await firewallSnapshot(lab)).toBe(afterFirst)
    expect(driver.terminal).toContain('Earlier state already saved')
  })

  it('undo restores the state from before the step, over the same SSH connection', async () => {
    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'undo' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, kind: 'undo' })
    expect(await firewallSnapshot(lab)).toBe(before)
    expect(ufwItem()).toMatchObject({ status: 'fail' })
  })
})

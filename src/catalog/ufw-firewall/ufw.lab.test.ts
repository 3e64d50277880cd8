import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { firewallSnapshot, labSpec, labTarget, openShell, waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'

let lab: Lab
let driver: ServiceDriver

beforeAll(async () => {
  lab = await startLab({ sshPort: 2222 }) // about a non-default port: the step must allow the port sshd really listens on
  driver = new ServiceDriver()
  const r = await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
  expect(r.status).toBe('connected')
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

/** A TCP connect from the host (outside the lab), with a short timeout. */
function tcpReachable(host: string, port: number): boolean {
  return spawnSync('bash', ['-c', `exec 3<>/dev/tcp/${host}/${port}`], { timeout: 3000 }).status === 0
}

function ufwItem() {
  return driver.svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')
}

describe('UFW step on the lab over SSH (sshd on port 2222, not 22)', () => {
  let before = ''
  let afterFirst = ''

  it('the check fails on a fresh machine and says why', async () => {
    before = await firewallSnapshot(lab)
    // A service on port 8080 inside the lab, reachable from outside before the firewall is on.
    await lab.exec(['bash', '-c', `setsid node24 -e "require('net').createServer(s => s.end('hi')).listen(8080, '${lab.host}')" >/dev/null 2>&1 &`])
    await waitFor(() => tcpReachable(lab.host, 8080), 10_000, 'the test service on 8080')
    const r = await driver.run('checks:run', { stepIds: ['ufw-firewall', 'ssh-password-login', 'sudo-check-launcher'] }, lab.sudoPassword)
    // The OS-level SSH steps (the OpenClaw steps have their own lab tests): UFW and the check-only sudo rule fail on a
    // fresh lab, whose sshd already takes keys only.
    expect(r).toMatchObject({ ok: false, exitCode: 0, message: expect.stringMatching(/^2 of 3 check\(s\) do not pass\.$/) })
    expect(ufwItem()).toMatchObject({ status: 'fail' })
    expect(ufwItem()?.evidence).toContain('Status: inactive')
  })

  it('two quick clicks start one job, not two', async () => {
    const before = driver.finished.length
    const [a, b] = await Promise.all([driver.svc.handle('checks:run', {}), driver.svc.handle('checks:run', {})])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'BUSY' } })
    const started = [a, b].find((r) => r.ok)
    if (started?.ok) await driver.call('terminal:cancel', { sessionId: started.value.sessionId })
    await waitFor(() => driver.finished.length > before, 15_000, 'the cancelled job to finish')
  })

  it('a wrong sudo password, then Cancel: nothing runs and the message says what to do', async () => {
    const mark = driver.terminal.length
    const before = driver.finished.length
    const { sessionId } = await driver.call('step:run', { stepId: 'ufw-firewall', action: 'apply' })
    await waitFor(() => driver.terminal.slice(mark).includes('[sudo] password for'), 15_000, 'sudo prompt')
    await driver.call('terminal:input', { sessionId, data: 'definitely-wrong\r' })
    await waitFor(() => driver.terminal.slice(mark).includes('Sorry, try again.'), 15_000, 'sudo retry prompt')
    await driver.call('terminal:cancel', { sessionId })
    await waitFor(() => driver.finished.length > before, 15_000, 'run:finished')
    expect(driver.finished.at(-1)).toMatchObject({ ok: false, kind: 'apply' })
    expect(driver.finished.at(-1)?.message).toMatch(/^Nothing ran: sudo did not start the job.*type the sudo password/)
    expect((await lab.exec(['ufw', 'status'])).stdout).toContain('Status: inactive')
    expect(driver.terminal).not.toContain('definitely-wrong')
  })

  it('apply enables the firewall without ever cutting the SSH session', async () => {
    // A second, independent SSH session that stays open across the whole step.
    const session = openShell(lab)
    session.write('echo witness-$((40+2))\r')
    await waitFor(() => session.output().includes('witness-42'), 15_000, 'witness shell')

    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, exitCode: 0, kind: 'apply' })
    expect(driver.terminal).toContain('Allowing SSH on port 2222/tcp before the firewall is enabled')
    expect(ufwItem()).toMatchObject({ status: 'pass' })
    // The saved history remembers the earlier, non-passing result: the screen says what changed since last time.
    const change = driver.svc.checklist().changes?.find((c) => c.stepId === 'ufw-firewall')
    expect(change).toMatchObject({ stepId: 'ufw-firewall', to: 'pass' })
    expect(['fail', 'interrupted']).toContain(change?.from)

    const status = await lab.exec(['ufw', 'status', 'verbose'])
    expect(status.stdout).toContain('Status: active')
    expect(status.stdout).toMatch(/Default: deny \(incoming\), allow \(outgoing\)/)
    expect(status.stdout).toMatch(/^2222\/tcp\s+ALLOW IN\s+Anywhere/m)

    session.write('echo still-$((40+2)); exit\r')
    await waitFor(() => session.output().includes('still-42'), 15_000, 'witness shell after apply')
    expect(await session.exited).toBe(0)
    // And a brand-new connection still gets in.
    expect((await labTarget(lab).exec('echo new-connection')).stdout).toBe('new-connection\n')
    afterFirst = await firewallSnapshot(lab)
  })

  it('the firewall is real: the service on 8080 is now unreachable from outside, SSH still works', async () => {
    expect(tcpReachable(lab.host, 8080)).toBe(false)
    expect(tcpReachable(lab.host, lab.port)).toBe(true)
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

describe('UFW undo keeps what changed after the apply (same lab, back at its fresh state)', () => {
  const ufw = async (...args: string[]) => {
    const r = await lab.exec(['ufw', ...args])
    expect(r.code, r.stderr).toBe(0)
    return r.stdout
  }
  const added = async () => (await ufw('show', 'added')).split('\n').filter((l) => l.startsWith('ufw '))

  it('apply, then rules and a default changed by hand: undo shows the difference first, then takes back only the step\'s own changes', async () => {
    // Before the step: incoming allowed and outgoing denied by default (so the step changes both), ufw inactive.
    await ufw('default', 'allow', 'incoming')
    await ufw('default', 'deny', 'outgoing')
    const applied = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, lab.sudoPassword)
    expect(applied).toMatchObject({ ok: true, kind: 'apply' })
    expect(await added()).toEqual(["ufw allow 2222/tcp comment 'SSH (OpenClaw Secure Setup)'"])
    const record = await lab.exec(['bash', '-c', 'cd /var/lib/openclaw-secure-setup/backup/ufw-firewall && stat -c "%n %a %U" record-* left-* && cat record-rules'])
    expect(record.stdout).toContain('record-rules 600 root')
    expect(record.stdout).toContain('record-enabled 600 root')
    expect(record.stdout).toMatch(/^allow 2222\/tcp$/m)

    // By hand, after the apply: a service port, SSH for the lab's network (so the step's own SSH rule is no longer
    // the only way in), and outgoing traffic rejected instead of the allow the step set.
    await ufw('allow', '8080/tcp')
    await ufw('allow', 'proto', 'tcp', 'from', '10.231.0.0/16', 'to', 'any', 'port', '2222')
    await ufw('default', 'reject', 'outgoing')

    const mark = driver.terminal.length
    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'undo' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, kind: 'undo' })
    const out = driver.terminal.slice(mark)
    // The difference, on screen before anything is undone.
    const undoing = out.indexOf("Undoing only this step's own changes")
    expect(undoing).toBeGreaterThan(0)
    for (const line of ['+ ufw allow 8080/tcp', '+ ufw allow from 10.231.0.0/16 to any port 2222 proto tcp', 'Default output policy changed since: the step set ACCEPT, it is now REJECT (it stays).']) {
      expect(out.indexOf(line), line).toBeGreaterThan(0)
      expect(out.indexOf(line), line).toBeLessThan(undoing)
    }
    expect(out).toContain('Keeping ufw enabled: rules were added since, and they only work while it is on')
    expect(out).toContain('Deleting the rule this step added: ufw delete allow 2222/tcp')

    // The hand-made changes stay; the step's own are gone.
    expect(await added()).toEqual(['ufw allow 8080/tcp', 'ufw allow from 10.231.0.0/16 to any port 2222 proto tcp'])
    const status = await ufw('status', 'verbose')
    expect(status).toContain('Status: active')
    expect(status).toMatch(/Default: allow \(incoming\), reject \(outgoing\)/) // incoming back to before; outgoing as set by hand
    expect(status).not.toMatch(/^2222\/tcp( \(v6\))?\s+ALLOW IN\s+Anywhere/m) // the step's own SSH rule
    expect((await lab.exec(['test', '-e', '/var/lib/openclaw-secure-setup/backup/ufw-firewall'])).code).toBe(1)
    // Still reachable over SSH through the hand-made rule.
    expect((await labTarget(lab).exec('echo after-undo')).stdout).toBe('after-undo\n')
  })

  it('when the step\'s SSH rule is the only way in and the firewall stays on, undo keeps that rule and says why', async () => {
    await ufw('--force', 'reset')
    await ufw('default', 'deny', 'incoming')
    await ufw('default', 'allow', 'outgoing')
    await lab.exec(['bash', '-c', 'rm -f /etc/ufw/*.rules.* /etc/ufw/*.rules6.* 2>/dev/null; true'])
    expect(await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, lab.sudoPassword)).toMatchObject({ ok: true })
    await ufw('deny', 'from', '192.0.2.7')
    const mark = driver.terminal.length
    expect(await driver.run('step:run', { stepId: 'ufw-firewall', action: 'undo' }, lab.sudoPassword)).toMatchObject({ ok: true })
    const out = driver.terminal.slice(mark)
    expect(out).toContain('+ ufw deny from 192.0.2.7')
    expect(out).toContain("Keeping the rule 'allow 2222/tcp': the firewall stays on and no other rule lets SSH on port 2222 in (removing it would lock you out)")
    expect(await added()).toEqual(["ufw allow 2222/tcp comment 'SSH (OpenClaw Secure Setup)'", 'ufw deny from 192.0.2.7'])
    expect(await ufw('status')).toContain('Status: active')
    expect((await labTarget(lab).exec('echo still-in')).stdout).toBe('still-in\n')
  })
})

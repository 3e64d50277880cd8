import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labLabel, labSpec, waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { spawnCounter } from '../../../test/helpers/spawn-recorder'
import { makeAuditClean } from '../../../test/helpers/openclaw-lab'
import { createUserWorld } from '../../../test/helpers/user-world'
import type { SshTargetSpec } from '../../shared/target-spec'

// The OS-level SSH steps this file applies. The OpenClaw steps have their own lab tests; on this lab they fail (no
// OpenClaw account), so "all checks pass" is asked of these.
const OS_STEPS = ['ufw-firewall', 'ssh-password-login', 'sudo-check-launcher']

/** sudo's prompt for a job in the terminal, with the job's random tag. */
const JOB_PROMPT = /\[sudo\] password for [a-z_][a-z0-9_-]* \(OpenClaw Secure Setup, job [0-9a-f]{24}\): $/

const which = (name: string): string => execFileSync('bash', ['-c', `command -v ${name}`]).toString().trim()

// sshd where a real machine has it (22) and elsewhere (2222); the service's data folder is the default one under a
// HOME with spaces and non-ASCII letters, and the key file is one the person picked from that HOME's ~/.ssh.
describe.each([22, 2222])('Connection states, sudo in memory and dropped connections (service against the lab over SSH on port %i)', (sshPort) => {
  let lab: Lab
  let driver: ServiceDriver
  let counter: ReturnType<typeof spawnCounter>
  let spec: SshTargetSpec
  const world = createUserWorld()

  beforeAll(async () => {
    lab = await startLab({ sshPort })
    // The full re-check pass includes OpenClaw's own audit: configured so that it reports 0 critical ("all pass").
    await makeAuditClean(lab)
    counter = spawnCounter({ ssh: which('ssh'), 'ssh-keyscan': which('ssh-keyscan') })
    const dir = counter.path.split(':')[0]
    spec = labSpec(lab, world.pickKey(lab.identityFile))
    driver = new ServiceDriver(world.dataDir, undefined, { sshBinary: `${dir}/ssh`, keyscanBinary: `${dir}/ssh-keyscan`, reconnectDelays: [200, 500, 1000, 2000] })
  }, 900_000)
  afterAll(async () => {
    await driver?.svc.dispose()
    await lab?.stop()
    world.cleanup()
  })

  /** The lab's sshd processes serving non-interactive sessions of the login user (the control channels). */
  async function controlSessions(): Promise<string[]> {
    const r = await lab.exec(['bash', '-c', `pgrep -f '^sshd: ${lab.user}@notty' || true`])
    return r.stdout.split('\n').filter(Boolean).sort()
  }

  it('first contact asks; "no" connects nothing and pins nothing', async () => {
    const r = await driver.call('target:connect', { target: spec })
    expect(r).toMatchObject({ status: 'host-key-unknown', fingerprint: lab.hostKeyFingerprint })
    expect(driver.states.map((s) => s.state)).toEqual(['idle', 'connecting', 'confirm-host-key'])
    expect(driver.states.at(-1)?.hint).toMatch(/console/)
    // "No": the window calls disconnect and closes the dialog.
    await driver.call('target:disconnect', {})
    expect(driver.states.at(-1)?.state).toBe('idle')
    expect(counter.count('ssh -V')).toBe(1) // the version preflight
    expect(counter.count('ssh')).toBe(0) // never a login
    expect(counter.count('ssh-keyscan')).toBe(1)
    expect(driver.svc.state()).toMatchObject({ connected: null, lastTarget: null })
    expect(await controlSessions()).toEqual([])
  })

  it('"yes" walks connecting → authenticating → connected', async () => {
    driver.states = []
    const r = await driver.call('target:connect', { target: spec, trustFingerprint: lab.hostKeyFingerprint })
    expect(r).toMatchObject({ status: 'connected', target: { sudo: 'password', sudoHeld: false } })
    expect(driver.states.map((s) => s.state)).toEqual(['idle', 'connecting', 'authenticating', 'connected'])
    expect(driver.svc.state().connection).toMatchObject({ state: 'connected', targetLabel: labLabel(lab) })
  })

  it('a wrong password in the masked field is reported as such and not kept', async () => {
    const r = await driver.svc.handle('target:sudo-password', { password: 'not-the-password' })
    expect(r).toMatchObject({ ok: false, error: { code: 'SUDO_FAILED', message: expect.stringMatching(/rejected the password|did not accept the password/) } })
    expect(driver.svc.state().connected?.sudoHeld).toBe(false)
    const bad = await driver.svc.handle('target:sudo-password', { password: 'a\nb' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/line breaks/) } })
  })

  it('the control channel survives closing the terminal', async () => {
    // The session of the channel the previous test's wrong password ended can still be going away: it failed this test
    // now and then. The live control channels are the sessions still there a second later.
    const first = await controlSessions()
    await new Promise((r) => setTimeout(r, 1000))
    const before = (await controlSessions()).filter((pid) => first.includes(pid))
    expect(before.length).toBeGreaterThan(0)
    const mark = driver.terminal.length
    const done = driver.finished.length
    const started = await driver.call('checks:run', {})
    expect(started.terminal).toBe(true) // no password held: sudo asks in the terminal
    await waitFor(() => JOB_PROMPT.test(driver.terminal.slice(mark).trimEnd() + ' '), 15_000, 'sudo prompt')
    await driver.call('terminal:cancel', { sessionId: started.sessionId })
    await waitFor(() => driver.finished.length > done, 15_000, 'the cancelled job')
    const after = await controlSessions()
    expect(after).toEqual(expect.arrayContaining(before))
    expect(driver.svc.state().connection.state).toBe('connected')
  })

  it('with the right password held, sudo is answered in the terminal and checks run over the control channel', async () => {
    const summary = await driver.call('target:sudo-password', { password: lab.sudoPassword })
    expect(summary).toMatchObject({ sudo: 'password', sudoHeld: true })
    const mark = driver.terminal.length
    const apply = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }) // nobody types
    expect(apply).toMatchObject({ ok: true, kind: 'apply', interrupted: false })
    // Every SSH check passes only with the check-only sudo rule installed too (step sudo-check-launcher).
    expect(await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' })).toMatchObject({ ok: true, kind: 'apply' })
    expect(driver.terminal.slice(mark)).toMatch(/password for \S+ \(OpenClaw Secure Setup, job [0-9a-f]{24}\)/)
    expect(driver.terminal).not.toContain(lab.sudoPassword)
    const sshBefore = counter.count('ssh')
    const started = await driver.call('checks:run', { stepIds: OS_STEPS })
    expect(started.terminal).toBe(false)
    await waitFor(() => driver.finished.at(-1)?.sessionId === started.sessionId, 30_000, 'checks over the control channel')
    expect(driver.finished.at(-1)).toMatchObject({ ok: true, kind: 'check', message: expect.stringMatching(/^All \d+ check\(s\) pass\.$/) })
    expect(counter.count('ssh')).toBe(sshBefore) // the persistent channels, no new ssh process
  })

  it('a connection killed in the middle of a check: interrupted, never passed; reconnects; the re-check passes', async () => {
    // Make the check slow inside the lab so the kill lands while it runs.
    await lab.exec(['bash', '-c', 'mv /usr/sbin/ufw /usr/sbin/ufw.real && printf "#!/bin/sh\\nsleep 6\\nexec /usr/sbin/ufw.real \\"\\$@\\"\\n" > /usr/sbin/ufw && chmod 755 /usr/sbin/ufw'])
    driver.states = []
    const started = await driver.call('checks:run', { stepIds: OS_STEPS })
    await waitFor(() => driver.svc.checklist().checking, 5000, 'checking')
    for (let i = 0; i < 100 && !(await lab.exec(['pgrep', '-f', 'sleep 6'])).stdout.trim(); i++) await new Promise((r) => setTimeout(r, 100))
    // Kill the sshd processes serving the user's sessions, as a network drop would end them.
    await lab.exec(['pkill', '-KILL', '-f', `^sshd: ${lab.user}`])
    await waitFor(() => driver.finished.at(-1)?.sessionId === started.sessionId, 30_000, 'the interrupted check')
    expect(driver.finished.at(-1)).toMatchObject({ ok: false, interrupted: true, kind: 'check' })
    expect(driver.finished.at(-1)?.message).toMatch(/interrupted.*not passed\. Reconnect, then re-check\./)
    expect(driver.svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')?.status).toBe('interrupted')
    await waitFor(() => driver.states.some((s) => s.state === 'connected'), 30_000, 'the reconnect')
    expect(driver.states.map((s) => s.state)).toEqual(expect.arrayContaining(['lost', 'reconnecting', 'connected']))
    expect(driver.states.findIndex((s) => s.state === 'lost')).toBeLessThan(driver.states.findIndex((s) => s.state === 'connected'))

    await lab.exec(['bash', '-c', 'mv -f /usr/sbin/ufw.real /usr/sbin/ufw'])
    const again = await driver.run('checks:run', { stepIds: OS_STEPS })
    expect(again).toMatchObject({ ok: true, interrupted: false, message: expect.stringMatching(/^All \d+ check\(s\) pass\.$/) })
    expect(driver.svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')?.status).toBe('pass')
  })

  it('disconnect forgets the sudo password', async () => {
    await driver.call('target:disconnect', {})
    const r = await driver.call('target:connect', { target: spec })
    expect(r).toMatchObject({ status: 'connected', target: { sudoHeld: false } })
  })
})

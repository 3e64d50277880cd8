import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec, labTarget, waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { captured, installBashrcSudo, installForcedCommand, restoreLoginAccount } from '../../../test/helpers/sudo-capture'
import { AppError } from '../app-error'
import { PtySession } from './pty-session'
import { runProcess } from './run-process'
import { sudoPromptSeen } from './ssh-target'

const TAG = 'a1b2c3d4e5f60718293a4b5c'

let lab: Lab
beforeAll(async () => {
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})
afterEach(async () => {
  await restoreLoginAccount(lab)
})

async function failure(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p
    return null
  } catch (e) {
    return e instanceof AppError ? e : new AppError('INTERNAL', String(e), '')
  }
}

describe('the login account cannot get the sudo password (security review M1, real sshd and bash)', () => {
  it('(a) a forced command on the key line: the root channel refuses before the password is sent', async () => {
    await installForcedCommand(lab)
    const t = labTarget(lab)
    const err = await failure(t.exec('id -u', { asRoot: true }))
    await t.dispose()
    expect(err?.code).toBe('FORBIDDEN')
    expect(err?.message).toMatch(/sudo password was not sent.*authorized_keys.*command="\/home\/ocss\/\.evil", a forced command/)
    expect(err?.hint).toMatch(/remove what was found/)
    expect(await captured(lab)).toBe('')
  })

  it('(a) after a reconnect too: a forced command installed while connected is refused before the password is resent', async () => {
    const t = labTarget(lab)
    expect((await t.exec('id -u', { asRoot: true })).stdout.trim()).toBe('0')
    // The login account adds a forced command and ends its own sessions, so the root channel must start again.
    await installForcedCommand(lab)
    await lab.exec(['pkill', '-KILL', '-f', `^sshd: ${lab.user}`])
    let err: AppError | null = null
    for (let i = 0; i < 3 && err?.code !== 'FORBIDDEN'; i++) err = await failure(t.exec('id -u', { asRoot: true }))
    await t.dispose()
    expect(err?.code).toBe('FORBIDDEN')
    expect(await captured(lab)).toBe('')
  })

  it('(a) in the app: the masked field and a terminal job both refuse, and nothing reaches the capture file', async () => {
    await installForcedCommand(lab)
    const driver = new ServiceDriver()
    try {
      expect((await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })).status).toBe('connected')
      const held = await driver.svc.handle('target:sudo-password', { password: lab.sudoPassword })
      expect(held).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      // Without a held password the checks would be a terminal job where sudo asks: refused before it opens.
      const job = await driver.svc.handle('step:run', { stepId: 'ufw-firewall', action: 'apply' })
      expect(job).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/forced command/) } })
      expect(driver.terminal).toBe('')
      expect(await captured(lab)).toBe('')
    } finally {
      await driver.svc.dispose()
    }
  })

  it('(b) a sudo() function in ~/.bashrc never sees the password: root channel and terminal call /usr/bin/sudo', async () => {
    await installBashrcSudo(lab)
    const t = labTarget(lab)
    // The function is really there for commands sshd runs through the login shell.
    const type = await runProcess(t.sshProgram, [...t.args('control'), 'type -t sudo'], { timeoutMs: 30_000, cwd: t.workDir })
    expect(type.stdout.trim()).toBe('function')
    expect((await t.exec('id -u', { asRoot: true })).stdout.trim()).toBe('0')
    // The terminal job's command: the person (here the test) answers the app's own sudo prompt.
    let out = ''
    let answered = false
    const s = new PtySession(t.terminalSpawn({ kind: 'root-command', script: 'id -u; echo done-$((40+2))', args: [], label: 'test', promptTag: TAG }), {
      onData: (d) => {
        out += d
        if (!answered && sudoPromptSeen(TAG).test(out)) {
          answered = true
          s.write(`${lab.sudoPassword}\r`)
        }
      },
      onExit: () => undefined,
    })
    await waitFor(() => out.includes('done-42'), 60_000, 'the terminal job')
    expect(await s.exitPromise).toBe(0)
    await t.dispose()
    expect(out).not.toContain(lab.sudoPassword)
    expect(await captured(lab)).toBe('')
  })

  it('without either, sudo over the guarded channel works as before', async () => {
    const t = labTarget(lab)
    expect((await t.exec('id -u', { asRoot: true })).stdout.trim()).toBe('0')
    await t.dispose()
  })
})

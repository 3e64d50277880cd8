import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { installKey } from '../../../test/helpers/key-driver'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { targetKey, type SshTargetSpec } from '../../shared/target-spec'
import { appKeyPaths } from '../targets/app-key'

let lab: Lab
let driver: ServiceDriver
let spec: SshTargetSpec

beforeAll(async () => {
  // A fresh VM: the user logs in with a password; no key of the app's is authorised yet.
  lab = await startLab({ passwordAuth: true, sshPort: 2222 }) // key-setup.lab covers port 22
  driver = new ServiceDriver()
  spec = { kind: 'ssh', user: lab.user, host: lab.host, port: lab.port }
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

describe('From first contact to key login on a password-only machine (lab sshd, real node-pty)', () => {
  it('refuses to send a password to a machine whose host key was never confirmed', async () => {
    const r = await driver.svc.handle('ssh:key-install', { target: spec })
    expect(r).toMatchObject({ ok: false, error: { code: 'HOST_KEY_UNKNOWN', hint: expect.stringMatching(/confirm the host key/) } })
    expect(driver.terminal).toBe('')
  })

  it('first contact, "yes": the login is refused as such, and the accepted host key stays pinned', async () => {
    expect(await driver.call('target:connect', { target: spec })).toMatchObject({ status: 'host-key-unknown' })
    const r = await driver.svc.handle('target:connect', { target: spec, trustFingerprint: lab.hostKeyFingerprint })
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', message: expect.stringMatching(/refused the login \(.*Permission denied/) } })
    if (!r.ok) expect(r.error.hint).toMatch(/install the app's own key/)
    expect(driver.svc.store.target(targetKey(spec))?.hostKey?.fingerprint).toBe(lab.hostKeyFingerprint)
    expect(driver.svc.state().connected).toBeNull()
  })

  it('installs the app key with the password typed once in the terminal, proves it, then connects with it', async () => {
    const done = await installKey(driver, lab.sudoPassword, 60_000, { target: spec })
    expect(done).toMatchObject({ outcome: 'installed', proven: true, prompts: 1 })
    // ssh names the real host in its prompt (the pinned key is filed under it), so the person knows where the password goes.
    expect(driver.terminal).toContain(`${lab.user}@${lab.host}'s password:`)
    const keys = await lab.exec(['cat', `/home/${lab.user}/.ssh/authorized_keys`])
    expect(keys.stdout.split('\n')).toContain(`no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:18789" ${readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').trim()}`)
    const r = await driver.call('target:connect', { target: spec })
    expect(r).toMatchObject({ status: 'connected', target: { key: targetKey(spec) } })
    expect(driver.svc.store.target(targetKey(spec))?.spec).toMatchObject({ identityFile: appKeyPaths(driver.dataDir).privateKeyFile })
    expect(driver.svc.state().connection.state).toBe('connected')
  })
})

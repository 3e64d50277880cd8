import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { installKey } from '../../../test/helpers/key-driver'
import { labSpec } from '../../../test/helpers/lab-target'
import { passwordLogin } from '../../../test/helpers/password-login'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { sshPasswordLogin } from './step'

const DROPIN = '/etc/ssh/sshd_config.d/00-openclaw-secure-setup.conf'
let lab: Lab
let driver: ServiceDriver

const dropin = async () => (await lab.exec(['bash', '-c', `cat ${DROPIN} 2>/dev/null || echo ABSENT`])).stdout
const record = () => driver.svc.checklist().items.find((i) => i.stepId === 'ssh-password-login')
const apply = () => driver.run('step:run', { stepId: 'ssh-password-login', action: 'apply' }, lab.sudoPassword)

beforeAll(async () => {
  lab = await startLab({ passwordAuth: true })
  driver = new ServiceDriver()
  await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

describe('ssh-password-login on the lab (real sshd, sudo, node-pty)', () => {
  it('refuses to run before the app key login is proven, and runs nothing', async () => {
    const r = await driver.svc.handle('step:run', { stepId: 'ssh-password-login', action: 'apply' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('FORBIDDEN')
      expect(r.error.message).toMatch(/not proven yet that its own key logs in/)
      expect(r.error.hint).toMatch(/Install key/)
    }
    expect(driver.svc.terminalBusy()).toBe(false)
    expect(await dropin()).toBe('ABSENT\n')
  })

  it('the script itself refuses without the app’s nonce (run by hand or through the CLI)', async () => {
    const r = await lab.exec(['bash', '-c', sshPasswordLogin.scripts.apply])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/Refusing to turn password login off/)
    expect(await dropin()).toBe('ABSENT\n')
  })

  it('before apply: password login works and the check fails', async () => {
    const k = await installKey(driver, lab.sudoPassword)
    expect(k).toMatchObject({ outcome: 'installed', proven: true })
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
    await driver.run('checks:run', { stepIds: ['ssh-password-login'] }, lab.sudoPassword)
    expect(record()?.status).toBe('fail')
    expect(record()?.evidence).toContain('passwordauthentication yes')
  }, 90_000)

  it('apply: a fresh key login confirms it, password login is refused, key login works, the check passes', async () => {
    const t0 = Date.now()
    const r = await apply()
    expect(r.ok).toBe(true)
    expect(r.message).toMatch(/fresh key-only login with the app key .* succeeded/)
    expect(driver.terminal).toContain('OCSS-AWAIT-KEY-PROOF')
    expect(driver.terminal).toContain('password login stays off')
    expect(Date.now() - t0).toBeLessThan(30_000)
    expect(await dropin()).toMatch(/^PasswordAuthentication no\nKbdInteractiveAuthentication no\n$/m)
    const pw = await passwordLogin(lab, lab.sudoPassword)
    expect(pw.code).toBe(255)
    expect(pw.out).toMatch(/Permission denied \(publickey\)/)
    expect((await driver.call('ssh:key-prove', {})).proven).toBe(true)
    expect(record()?.status).toBe('pass')
    // The watchdog finished and left nothing behind.
    expect((await lab.exec(['bash', '-c', 'ls /var/lib/openclaw-secure-setup/guard/ 2>/dev/null | wc -l'])).stdout.trim()).toBe('0')
  }, 120_000)

  it('a second apply changes nothing', async () => {
    const before = await dropin()
    const mark = driver.terminal.length
    const r = await apply()
    expect(r.ok).toBe(true)
    expect(driver.terminal.slice(mark)).toContain('Password login is already off')
    expect(driver.terminal.slice(mark)).not.toContain('OCSS-AWAIT-KEY-PROOF')
    expect(await dropin()).toBe(before)
  }, 120_000)

  it('undo: password login works again and the check fails', async () => {
    const r = await driver.run('step:run', { stepId: 'ssh-password-login', action: 'undo' }, lab.sudoPassword)
    expect(r.exitCode).toBe(0)
    expect(await dropin()).toBe('ABSENT\n')
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
    expect(record()?.status).toBe('fail')
  }, 120_000)

  it('undo after a hand edit of the drop-in: shows the difference, removes only the step\'s own lines, keeps the later one', async () => {
    expect((await apply()).ok).toBe(true)
    const applied = await dropin()
    await lab.exec(['bash', '-c', `echo 'MaxAuthTries 3' >>${DROPIN}`])
    const mark = driver.terminal.length
    const r = await driver.run('step:run', { stepId: 'ssh-password-login', action: 'undo' }, lab.sudoPassword)
    expect(r.exitCode).toBe(0)
    const out = driver.terminal.slice(mark)
    expect(out).toContain(`${DROPIN} changed since the apply:`)
    expect(out).toMatch(/\+MaxAuthTries 3/)
    expect(out.indexOf('+MaxAuthTries 3')).toBeLessThan(out.indexOf("Removing only the step's own lines"))
    expect(await dropin()).toBe('MaxAuthTries 3\n')
    expect(applied).toContain('PasswordAuthentication no')
    const effective = (await lab.exec(['sshd', '-T'])).stdout
    expect(effective).toMatch(/^maxauthtries 3$/m)
    expect(effective).toMatch(/^passwordauthentication yes$/m)
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
    await lab.exec(['rm', '-f', DROPIN])
  }, 180_000)

  it('lock-out guard: when the fresh key login fails, the machine restores the previous config by itself', async () => {
    // The app key is no longer authorised (the proof on record is older): the guard's fresh login must fail.
    // Its line carries options in front of the key (no-agent-forwarding,…), so it is found by the key's blob.
    const { publicKey } = await driver.call('ssh:key-status', {})
    const blob = publicKey.split(' ')[1] ?? 'missing'
    await lab.exec(['bash', '-c', 'grep -vF -- "$1" /home/ocss/.ssh/authorized_keys > /tmp/ak; cat /tmp/ak > /home/ocss/.ssh/authorized_keys', 'x', blob])
    expect((await lab.exec(['grep', '-cF', blob, '/home/ocss/.ssh/authorized_keys'])).stdout.trim()).toBe('0')
    const t0 = Date.now()
    const mark = driver.terminal.length
    const r = await apply()
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/fresh key-only login failed \(.*Permission denied.*\), so the machine restored its previous SSH configuration by itself/)
    expect(driver.terminal.slice(mark)).toContain('ROLLED BACK')
    expect(Date.now() - t0).toBeLessThan(30_000) // the app typed "rollback": nobody waited for the 60 s limit
    expect(await dropin()).toBe('ABSENT\n')
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
  }, 120_000)

  it('dead man’s switch: with the job killed and no proof, the detached watchdog restores the config after the time limit', async () => {
    const script = String.raw`
      OCSS_KEY_PROOF_NONCE=00112233445566778899aabbccddeeff OCSS_PROOF_WAIT_SECONDS=4 setsid bash -c "$1" </dev/null >/tmp/apply.log 2>&1 &
      pid=$!
      for i in $(seq 100); do grep -q OCSS-AWAIT-KEY-PROOF /tmp/apply.log && break; sleep 0.1; done
      pkill -KILL -s "$pid"   # the whole job session dies, as when the connection drops
      sleep 0.3
      if [ -f ${DROPIN} ]; then echo LIVE-AFTER-KILL; fi
      sleep 6
      if [ -f ${DROPIN} ]; then echo STILL-THERE; else echo RESTORED; fi
      cat /var/lib/openclaw-secure-setup/guard/ssh-password-login/result`
    const r = await lab.exec(['bash', '-c', script, 'x', sshPasswordLogin.scripts.apply])
    expect(r.stdout).toContain('LIVE-AFTER-KILL')
    expect(r.stdout).toContain('RESTORED')
    expect(r.stdout).toContain('rolled-back')
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
  }, 60_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { CHECK_LAUNCHER_PATH } from './step'

let lab: Lab
let driver: ServiceDriver

/** Everything the step may touch, as root: modes, owners and hashes. */
async function snapshot(): Promise<string> {
  const r = await lab.exec(['bash', '-c', 'find /etc/sudoers.d /etc/openclaw-secure-setup /usr/local/libexec /var/lib/openclaw-secure-setup/backup -exec stat -c "%n %a %U:%G" {} + 2>/dev/null | sort; find /etc/sudoers.d /etc/openclaw-secure-setup /usr/local/libexec -type f -exec sha256sum {} + 2>/dev/null | sort; sudo -l -U ocss'])
  return r.stdout
}

async function connect(): Promise<ServiceDriver> {
  const d = new ServiceDriver()
  expect((await d.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })).status).toBe('connected')
  return d
}

const item = (d: ServiceDriver, id = 'sudo-check-launcher') => d.svc.checklist().items.find((i) => i.stepId === id)

/** Runs a script as the login user, the way an agent running as that account could. */
async function asUser(script: string, input = '') {
  return lab.exec(['bash', '-c', script], { user: lab.user, input })
}

beforeAll(async () => {
  lab = await startLab()
  driver = await connect()
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

describe('checks without a sudo password (sudoers rule for a root-owned check launcher), lab over SSH', () => {
  let before = ''

  it('fails on a fresh machine: not set up', async () => {
    before = await snapshot()
    const r = await driver.run('checks:run', { stepIds: ['sudo-check-launcher'] }, lab.sudoPassword)
    expect(r.ok).toBe(false)
    expect(item(driver)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Not set up/) })
  })

  it('apply (with the password) installs the rule, validated, with the right modes; a second apply changes nothing', async () => {
    const r = await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, kind: 'apply' })
    expect(driver.terminal).toContain('checked with visudo -cf')
    expect(item(driver)).toMatchObject({ status: 'pass' })
    const modes = await lab.exec(['stat', '-c', '%n %a %U:%G', '/etc/sudoers.d/openclaw-secure-setup', CHECK_LAUNCHER_PATH, '/etc/openclaw-secure-setup', '/etc/openclaw-secure-setup/check-allowlist'])
    expect(modes.stdout.trim().split('\n')).toEqual([
      '/etc/sudoers.d/openclaw-secure-setup 440 root:root',
      `${CHECK_LAUNCHER_PATH} 755 root:root`,
      '/etc/openclaw-secure-setup 755 root:root',
      '/etc/openclaw-secure-setup/check-allowlist 644 root:root',
    ])
    const once = await snapshot()
    expect((await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' }, lab.sudoPassword)).ok).toBe(true)
    expect(await snapshot()).toBe(once)
  })

  it('a new connection without any password: the re-check pass runs every check through the launcher, no terminal', async () => {
    const d = await connect()
    try {
      const started = await d.call('checks:run', {})
      expect(started).toMatchObject({ terminal: false, command: expect.stringMatching(/check launcher \(sudo -n, no password\)/) })
      const deadline = Date.now() + 120_000
      while (d.finished.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100))
      expect(d.finished[0]?.interrupted).toBe(false)
      expect(d.terminal).toBe('')
      expect(item(d)).toMatchObject({ status: 'pass' })
      // The other checks ran as root too: UFW is really off on the lab, sshd really takes keys only.
      expect(item(d, 'ufw-firewall')).toMatchObject({ status: 'fail', evidence: expect.arrayContaining(['Status: inactive']) })
      expect(item(d, 'ssh-password-login')).toMatchObject({ status: 'pass' })
    } finally {
      await d.svc.dispose()
    }
  })

  it('the launcher refuses a script that is not in the allowlist, and parameters it does not know', async () => {
    const other = await asUser(`printf 'id -u\\n' | sudo -n ${CHECK_LAUNCHER_PATH} --run`)
    expect(other.code).toBe(3)
    expect(other.stderr).toMatch(/refused: a script with SHA-256 [0-9a-f]{64} is not in \/etc\/openclaw-secure-setup\/check-allowlist/)
    expect(other.stdout).toBe('')
    const param = await asUser(`printf 'true\\n' | sudo -n ${CHECK_LAUNCHER_PATH} --run LD_PRELOAD=$(printf /tmp/x.so | base64)`)
    expect(param.code).toBe(2)
    expect(param.stderr).toMatch(/unknown parameter LD_PRELOAD/)
    const port = await asUser(`printf 'true\\n' | sudo -n ${CHECK_LAUNCHER_PATH} --run SSH_PORT=$(printf '22;id' | base64)`)
    expect(port.stderr).toMatch(/SSH_PORT must be a port number/)
    // Nothing else may be run as root without a password.
    const root = await asUser('sudo -n id -u')
    expect(root.code).not.toBe(0)
    expect(root.stderr).toMatch(/password is required/)
  })

  it('a hand-edited allowlist or drop-in fails the check', async () => {
    await lab.exec(['bash', '-c', `printf '%064d  extra-check\\n' 0 >>/etc/openclaw-secure-setup/check-allowlist`])
    await driver.run('checks:run', { stepIds: ['sudo-check-launcher'] }, lab.sudoPassword)
    expect(item(driver)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/allowlist .* is out of date/) })

    expect((await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' }, lab.sudoPassword)).ok).toBe(true)
    expect(item(driver)).toMatchObject({ status: 'pass' })
    await lab.exec(['bash', '-c', "printf 'ocss ALL=(root) NOPASSWD: /usr/local/libexec/openclaw-secure-setup/check-launcher\\nocss ALL=(ALL) NOPASSWD: /usr/bin/id\\n' >/etc/sudoers.d/openclaw-secure-setup"])
    await driver.run('checks:run', { stepIds: ['sudo-check-launcher'] }, lab.sudoPassword)
    expect(item(driver)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/drop-in .* does not hold exactly the rule for ocss/) })
    await lab.exec(['chmod', '640', '/etc/sudoers.d/openclaw-secure-setup'])
    await driver.run('checks:run', { stepIds: ['sudo-check-launcher'] }, lab.sudoPassword)
    expect(item(driver)?.evidence).toContain('problem: the sudoers drop-in /etc/sudoers.d/openclaw-secure-setup is 640 root:root, not 440 root:root')
    await lab.exec(['chmod', '775', CHECK_LAUNCHER_PATH])
    await driver.run('checks:run', { stepIds: ['sudo-check-launcher'] }, lab.sudoPassword)
    expect(item(driver)?.evidence).toContain(`problem: the check launcher ${CHECK_LAUNCHER_PATH} is 775 root:root: it must be owned by root and not writable by group or others`)
  })

  it("an allowlist of another version: the launcher refuses the checks it does not list, and the pass says what to do", async () => {
    expect((await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' }, lab.sudoPassword)).ok).toBe(true)
    // As if the app was updated: the machine's list no longer holds this version's UFW check.
    await lab.exec(['sed', '-i', '/  ufw-firewall$/d', '/etc/openclaw-secure-setup/check-allowlist'])
    const d = await connect()
    try {
      await d.run('checks:run', {})
      expect(d.terminal).toBe('')
      expect(item(d, 'ufw-firewall')).toMatchObject({ status: 'error', summary: expect.stringMatching(/check launcher refused this check.*Apply "Checks without a sudo password" again/) })
      expect(item(d, 'ufw-firewall')?.evidence[0]).toMatch(/^check launcher: refused: a script with SHA-256 \S+ is not in \/etc\/openclaw-secure-setup\/check-allowlist/)
      expect(item(d)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/out of date/) })
    } finally {
      await d.svc.dispose()
    }
  })

  it('undo (with the password) removes exactly what apply added, after showing what changed in its files since', async () => {
    const mark = driver.terminal.length
    const r = await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'undo' }, lab.sudoPassword)
    expect(r).toMatchObject({ ok: true, kind: 'undo' })
    // The test above took the UFW line out of the allowlist by hand.
    const out = driver.terminal.slice(mark)
    expect(out).toContain("/etc/openclaw-secure-setup/check-allowlist changed since the apply (undo takes it back all the same: it is this tool's own file):")
    expect(out).toMatch(/^-[0-9a-f]{64} {2}ufw-firewall\r?$/m)
    expect(out).not.toContain('/etc/sudoers.d/openclaw-secure-setup changed since')
    expect(item(driver)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Not set up/) })
    expect(await snapshot()).toBe(before)
    expect((await asUser(`sudo -n ${CHECK_LAUNCHER_PATH} --probe`)).code).not.toBe(0)
  })
})

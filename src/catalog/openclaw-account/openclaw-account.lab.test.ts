import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { connectWsl, disconnectWsl } from '../../../test/helpers/wsl-step-lab'
import { loggingWsl } from '../../../test/helpers/wsl-logger'
import { evaluateOpenClawAccount } from './evaluate'
import { openclawAccount, OPENCLAW_ACCOUNT_STATE } from './step'

// Real useradd/userdel, gpasswd, sudo -l and the real SSH + sudo path on the lab; linger on a systemd lab. The
// service path covers the default account and the OC_USER input; the other cases run the scripts in the lab
// directly, as root with SUDO_USER=ocss as sudo sets it and OC_USER as OCSS_IN_OC_USER, as the job runner exports it.
// WSL: the wsl.exe stand-in (Windows mocked) backed by a lab.
let lab: Lab
const STANDIN = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')

/** Everything the step may touch: the account databases, homes (mode, owner), its state folder, sudo's view. */
async function snapshot(l: Lab = lab, user = 'ocss', sudoL = true): Promise<string> {
  const r = await l.exec(['bash', '-c', `cat /etc/passwd /etc/group /etc/shadow /etc/gshadow /etc/subuid /etc/subgid 2>/dev/null
    stat -c '%n %a %U:%G' /home/* /var/lib/openclaw-secure-setup/state /var/lib/openclaw-secure-setup/state/* 2>/dev/null
    ${sudoL ? `sudo -n -l -U ${user}` : ''}`])
  return r.stdout
}

/** A script of the step, run as root in the lab the way the job runs it after sudo from the admin account ocss. */
function run(script: string, env: Record<string, string> = {}, l: Lab = lab) {
  return l.exec(['bash', '-c', script], { env: { SUDO_USER: 'ocss', ...env } })
}

async function check(env: Record<string, string> = {}) {
  const r = await run(openclawAccount.scripts.check, env)
  return { out: r.stdout, ...evaluateOpenClawAccount({ exitCode: r.code, stdout: r.stdout }) }
}

beforeAll(async () => {
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

describe('openclaw-account on the lab over SSH, through the service (sudo from ocss)', () => {
  let driver: ServiceDriver
  let before = ''
  const item = () => driver.svc.checklist().items.find((i) => i.stepId === 'openclaw-account')

  beforeAll(async () => {
    driver = new ServiceDriver()
    expect((await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })).status).toBe('connected')
  }, 120_000)
  afterAll(async () => {
    await driver?.svc.dispose()
  })

  it('fails first: there is no openclaw user; the system-wide OpenClaw of the lab is listed with its version', async () => {
    before = await snapshot()
    await driver.run('checks:run', { stepIds: ['openclaw-account'] }, lab.sudoPassword)
    expect(item()).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Not set up: there is no user "openclaw"\. Apply to create it/) })
    expect(item()?.evidence).toContain('found: OpenClaw 2026.9.6 in /usr/local/bin/openclaw (for every account)')
    expect(item()?.evidence).toContain('login account: ocss')
  })

  it('the OC_USER input reaches the script through the service: the login account is refused, nothing changes', async () => {
    // A driver of its own: the input is saved for its target, and the other tests use the default account.
    const own = new ServiceDriver()
    try {
      expect((await own.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })).status).toBe('connected')
      const r = await own.run('step:run', { stepId: 'openclaw-account', action: 'apply', inputs: { OC_USER: 'ocss' } }, lab.sudoPassword)
      expect(r).toMatchObject({ kind: 'apply', ok: false })
      expect(own.terminal).toContain('Refusing to use ocss, the account this app logs in as, for OpenClaw.')
      expect(await snapshot()).toBe(before)
    } finally {
      await own.svc.dispose()
    }
  })

  let applied = ''
  it('apply creates openclaw: locked, nologin, home 700, no sudo; the check passes', async () => {
    const r = await driver.run('step:run', { stepId: 'openclaw-account', action: 'apply' }, lab.sudoPassword)
    expect(r).toMatchObject({ kind: 'apply', ok: true })
    expect(driver.terminal).toContain('Creating the user openclaw')
    expect(item()).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^OpenClaw's account is openclaw: no sudo rights, home 700 and its own, and it is not ocss/) })
    const u = await lab.exec(['bash', '-c', 'getent passwd openclaw | cut -d: -f6,7; getent shadow openclaw | cut -d: -f2; stat -c "%a %U:%G" /home/openclaw; id -nG openclaw; stat -c "%a %U:%G" ' + OPENCLAW_ACCOUNT_STATE])
    expect(u.stdout.trim().split('\n')).toEqual(['/home/openclaw:/usr/sbin/nologin', '!', '700 openclaw:openclaw', 'openclaw', '600 root:root'])
    applied = await snapshot()
  })

  it('applying again changes nothing', async () => {
    const r = await driver.run('step:run', { stepId: 'openclaw-account', action: 'apply' }, lab.sudoPassword)
    expect(r.ok).toBe(true)
    expect(driver.terminal).toContain('openclaw exists (created by this step earlier)')
    expect(await snapshot()).toBe(applied)
  })

  it('undo removes the user it created, and the machine is as before', async () => {
    const r = await driver.run('step:run', { stepId: 'openclaw-account', action: 'undo' }, lab.sudoPassword)
    expect(r).toMatchObject({ kind: 'undo', ok: true })
    expect(await snapshot()).toBe(before)
    expect(item()?.summary).toMatch(/^Not set up/)
  })
})

describe('openclaw-account on the lab: refusals, adoption, undo guards (scripts run as root as the job does)', () => {
  it('refuses the login account and root, and changes nothing', async () => {
    const before = await snapshot()
    const r = await run(openclawAccount.scripts.apply, { OCSS_IN_OC_USER: 'ocss' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Refusing to use ocss, the account this app logs in as, for OpenClaw.')
    expect(r.stderr).toMatch(/Leave the account field empty to get the dedicated "openclaw" user/)
    expect((await run(openclawAccount.scripts.apply, { OCSS_IN_OC_USER: 'root' })).stderr).toContain('The OpenClaw account cannot be root.')
    expect((await run(openclawAccount.scripts.apply, { OCSS_IN_OC_USER: 'Bad Name' })).stderr).toContain('"Bad Name" is not a valid account name for OpenClaw')
    expect(await snapshot()).toBe(before)
    const c = await check({ OCSS_IN_OC_USER: 'ocss' })
    expect(c.status).toBe('fail')
    expect(c.evidence).toContain('problem: the account ocss is the one this app logs in as: whatever runs as OpenClaw could capture a typed sudo password and forge the checks')
  })

  it('finds an existing install (account, version from package.json, bare process) and adopts it: sudo group and home mode go, undo gives them back', async () => {
    // An OpenClaw installed by hand as clawuser, an admin, with a gateway started in a terminal (not a service).
    await lab.exec(['bash', '-c', `set -e
      useradd -m -s /bin/bash -G sudo clawuser && chmod 755 /home/clawuser
      runuser -u clawuser -- bash -c 'mkdir -p ~/.openclaw ~/.npm-global/lib/node_modules/openclaw ~/.npm-global/bin
        echo "{}" >~/.openclaw/openclaw.json
        printf "{\\n  \\"name\\": \\"openclaw\\",\\n  \\"version\\": \\"2026.8.1\\"\\n}\\n" >~/.npm-global/lib/node_modules/openclaw/package.json
        touch ~/.npm-global/lib/node_modules/openclaw/openclaw.mjs
        ln -s ../lib/node_modules/openclaw/openclaw.mjs ~/.npm-global/bin/openclaw'
      setsid runuser -u clawuser -- bash -c 'exec -a openclaw-gateway sleep 600' </dev/null >/dev/null 2>&1 &`])
    const before = await snapshot(lab, 'clawuser')
    const found = await check()
    expect(found.evidence).toEqual(expect.arrayContaining([
      expect.stringMatching(/^found: OpenClaw 2026\.8\.1 as clawuser \(\/home\/clawuser\/\.openclaw; \/home\/clawuser\/\.npm-global\/bin\/openclaw; runs as a bare process, not a service, pid \d+\)$/),
    ]))
    expect(found.summary).toMatch(/set the OpenClaw account to clawuser to adopt it/)

    const r = await run(openclawAccount.scripts.apply, { OCSS_IN_OC_USER: 'clawuser' })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Adopting the existing account clawuser')
    expect(r.stdout).toContain('Removing clawuser from the group sudo (sudo rights)')
    expect(r.stdout).toMatch(/account clawuser \(home \/home\/clawuser\): OpenClaw 2026\.8\.1, config yes, command \/home\/clawuser\/\.npm-global\/bin\/openclaw, bare-process/)
    const c = await check({ OCSS_IN_OC_USER: 'clawuser' })
    expect(c.status, c.summary).toBe('pass')
    expect(c.summary).toMatch(/It holds OpenClaw 2026\.8\.1 as clawuser/)

    const u = await run(openclawAccount.scripts.undo)
    expect(u.code, u.stderr).toBe(0)
    expect(u.stdout).toContain('Adding clawuser to the group sudo again')
    expect(await snapshot(lab, 'clawuser')).toBe(before)
    await lab.exec(['bash', '-c', 'pkill -u clawuser; sleep 0.3; userdel -r clawuser 2>/dev/null; true'])
  })

  it('an adopted account whose sudo comes from a sudoers rule stops apply with where to look', async () => {
    await lab.exec(['bash', '-c', 'useradd -m -s /bin/bash rulebob && echo "rulebob ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/rulebob && chmod 440 /etc/sudoers.d/rulebob'])
    const r = await run(openclawAccount.scripts.apply, { OCSS_IN_OC_USER: 'rulebob' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('sudo still lets rulebob run the commands above.')
    expect(r.stderr).toContain('grep -rn rulebob /etc/sudoers /etc/sudoers.d')
    // The home mode was already set: undo puts it back.
    expect((await run(openclawAccount.scripts.undo)).code).toBe(0)
    expect((await lab.exec(['stat', '-c', '%a', '/home/rulebob'])).stdout.trim()).toBe('755')
    await lab.exec(['bash', '-c', 'rm /etc/sudoers.d/rulebob; userdel -r rulebob'])
  })

  it('undo keeps a created user that still runs a process, or whose home holds OpenClaw state, and says why', async () => {
    expect((await run(openclawAccount.scripts.apply)).code).toBe(0)
    await lab.exec(['bash', '-c', "setsid runuser -u openclaw -- sleep 600 </dev/null >/dev/null 2>&1 &"])
    let u = await run(openclawAccount.scripts.undo)
    expect(u.code).toBe(1)
    expect(u.stderr).toContain('openclaw still runs the processes above; the account was not removed.')
    expect(u.stdout).toMatch(/pid \d+ sleep 600/)
    await lab.exec(['bash', '-c', 'pkill -u openclaw; sleep 0.3; runuser -u openclaw -- mkdir /home/openclaw/.openclaw'])
    u = await run(openclawAccount.scripts.undo)
    expect(u.code).toBe(1)
    expect(u.stderr).toContain('/home/openclaw/.openclaw still exists; the account was not removed.')
    expect((await lab.exec(['id', '-u', 'openclaw'])).code).toBe(0)
    await lab.exec(['rmdir', '/home/openclaw/.openclaw'])
    u = await run(openclawAccount.scripts.undo)
    expect(u.code, u.stderr).toBe(0)
    expect((await lab.exec(['id', '-u', 'openclaw'])).code).not.toBe(0)
  })

  it('the fixtures are what the lab prints', async () => {
    const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures', name), 'utf8').replace(/lab-[0-9a-f]{6}/g, 'LAB')
    const host = (s: string) => s.replace(/lab-[0-9a-f]{6}/g, 'LAB')
    expect(host((await check()).out)).toBe(fixture('absent.fail.txt'))
    expect(host((await check({ OCSS_IN_OC_USER: 'ocss' })).out)).toBe(fixture('login-account.fail.txt'))
    await run(openclawAccount.scripts.apply)
    expect(host((await check()).out)).toBe(fixture('created.pass.txt'))
    await run(openclawAccount.scripts.undo)
  })
})

describe('openclaw-account on WSL through the wsl.exe stand-in (Windows mocked)', () => {
  let wslLab: Lab
  let driver: ServiceDriver
  let before = ''
  const wsl = loggingWsl(STANDIN)
  const item = () => driver.svc.checklist().items.find((i) => i.stepId === 'openclaw-account')

  beforeAll(async () => {
    wslLab = await startLab()
    driver = await connectWsl(wslLab, wsl.path)
  }, 900_000)
  afterAll(async () => {
    await disconnectWsl(driver)
    await wslLab?.stop()
  })

  it('the default user is the account; its sudoers rule stops apply with what to do, nothing is created', async () => {
    before = await snapshot(wslLab, 'ocss', false)
    const r = await driver.run('step:run', { stepId: 'openclaw-account', action: 'apply' })
    expect(r.ok).toBe(false)
    expect(driver.terminal).toContain('Adopting the existing account ocss')
    expect(driver.terminal).toContain('sudo still lets ocss run the commands above.')
    expect((await wslLab.exec(['id', '-u', 'openclaw'])).code).not.toBe(0)
    expect(item()?.summary).toMatch(/^Sudo lets ocss run \(ALL : ALL\) ALL|^The account ocss|^Its home/)
  })

  it('without the rule (root comes from wsl.exe -u root), apply passes; undo puts the home mode back', async () => {
    await wslLab.exec(['rm', '/etc/sudoers.d/ocss'])
    const r = await driver.run('step:run', { stepId: 'openclaw-account', action: 'apply' })
    expect(r.ok, driver.terminal.slice(-2000)).toBe(true)
    expect(item()).toMatchObject({ status: 'pass' })
    expect(item()?.summary).not.toMatch(/logs in as/)
    expect((await wslLab.exec(['stat', '-c', '%a', '/home/ocss'])).stdout.trim()).toBe('700')
    const u = await driver.run('step:run', { stepId: 'openclaw-account', action: 'undo' })
    expect(u.ok).toBe(true)
    expect(await snapshot(wslLab, 'ocss', false)).toBe(before)
  })
})

describe('openclaw-account on a systemd lab: linger (systemd as PID 1, logind, user managers)', () => {
  let sysLab: Lab
  const snap = async () => (await sysLab.exec(['bash', '-c', 'cat /etc/passwd /etc/group /etc/shadow; ls -A /var/lib/systemd/linger; ls -d /home/* /var/lib/openclaw-secure-setup/state 2>/dev/null'])).stdout
  const runSys = (script: string) => sysLab.exec(['bash', '-c', script], { env: { SUDO_USER: 'ocss' } })

  beforeAll(async () => {
    sysLab = await startLab({ systemd: true })
  }, 900_000)
  afterAll(async () => {
    await sysLab?.stop()
  })

  it('apply turns linger on once (its user manager starts), the check shows it, undo turns it off and removes the user, its session bus running', async () => {
    const before = await snap()
    const r = await runSys(openclawAccount.scripts.apply)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Turning linger on for openclaw (loginctl enable-linger)')
    const uid = (await sysLab.exec(['id', '-u', 'openclaw'])).stdout.trim()
    const manager = await sysLab.exec(['bash', '-c', `for i in $(seq 100); do systemctl is-active --quiet user@${uid}.service && break; sleep 0.2; done; systemctl is-active user@${uid}.service`])
    expect(manager.stdout.trim()).toBe('active')
    const c = await runSys(openclawAccount.scripts.check)
    const v = evaluateOpenClawAccount({ exitCode: c.code, stdout: c.stdout })
    expect(v.status, v.summary).toBe('pass')
    expect(v.evidence).toContain('linger: on')
    const again = await runSys(openclawAccount.scripts.apply)
    expect(again.stdout).toContain('Linger is already on for openclaw')
    // Anything that talks to the account's user bus (the gateway service step does) starts its socket-activated
    // dbus-daemon, which keeps running under the user manager: that is no program of the account's.
    const bus = await sysLab.exec(['bash', '-c', `runuser -u openclaw -- env XDG_RUNTIME_DIR=/run/user/${uid} DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/${uid}/bus busctl --user list >/dev/null && pgrep -u openclaw -x dbus-daemon`])
    expect(bus.code, bus.stderr).toBe(0)
    const u = await runSys(openclawAccount.scripts.undo)
    expect(u.code, `${u.stdout}\n${u.stderr}`).toBe(0)
    expect(u.stdout).toContain('Turning linger off for openclaw and stopping its user manager (no program of the account runs)')
    expect(await snap()).toBe(before)
  }, 300_000)
})

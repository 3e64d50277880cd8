import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { STANDIN_WSL, StandinWindows, type StandinScenario } from '../../../test/wsl-standin/scenario'
import type { WslSetupFinished } from '../../shared/ipc-contract'
import { runProcessRaw } from '../targets/run-process'
import { runPreflight } from '../targets/wsl-preflight'

// Windows cannot run here: wsl.exe is the stand-in (test/wsl-standin), its "Windows" state a scenario folder.
let lab: Lab
const saved = { ...process.env }

beforeAll(async () => {
  lab = await startLab()
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
}, 900_000)
afterAll(async () => {
  process.env = saved
  await lab?.stop()
})

function windows(scenario: StandinScenario, distros: ConstructorParameters<typeof StandinWindows>[1] = []): StandinWindows {
  const w = new StandinWindows(scenario, distros)
  process.env.OCSS_WSL_STANDIN_DIR = w.dir
  return w
}

async function setupRun(driver: ServiceDriver, channel: 'wsl:install' | 'wsl:first-user', payload: unknown, answer?: (screen: string, sessionId: string) => Promise<void>): Promise<WslSetupFinished> {
  const before = driver.setupFinished.length
  const mark = driver.terminal.length
  const { sessionId, command } = await driver.call(channel, payload)
  expect(command).toMatch(/^wsl\.exe /)
  const start = Date.now()
  while (driver.setupFinished.length === before) {
    if (answer) await answer(driver.terminal.slice(mark), sessionId)
    if (Date.now() - start > 60_000) throw new Error(`no wsl:setup-finished; terminal:\n${driver.terminal.slice(mark)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const last = driver.setupFinished.at(-1)
  expect(last?.sessionId).toBe(sessionId)
  return last as WslSetupFinished
}

describe('WSL preflight through the wsl.exe stand-in (Windows mocked), decided by exit and error codes', () => {
  it('wsl.exe absent: missing, with the Windows update advice', async () => {
    delete process.env.OCSS_WSL_STANDIN_DIR
    const r = await runPreflight('/nonexistent/wsl.exe')
    expect(r).toMatchObject({ state: 'missing', reason: 'not-found', errorCode: null })
    expect(r.next.text).toMatch(/build 19041/)
  })

  const cases: [StandinScenario, ConstructorParameters<typeof StandinWindows>[1], object][] = [
    ['not-installed', [], { state: 'missing', reason: 'optional-component', errorCode: 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED', next: { command: 'wsl.exe --install --no-distribution' } }],
    ['old-inbox', [{ name: 'Ubuntu' }], { state: 'missing', reason: 'update-needed', errorCode: null }],
    ['virtualization-off', [{ name: 'Ubuntu-24.04' }], { state: 'virtualization-off', reason: 'hyperv', errorCode: 'HCS_E_HYPERV_NOT_INSTALLED', wslVersion: '2.6.1.0' }],
    ['no-distro', [], { state: 'no-distro', errorCode: 'WSL_E_DEFAULT_DISTRO_NOT_FOUND', next: { command: 'wsl.exe --install -d Ubuntu-24.04 --no-launch' } }],
    ['wsl1', [{ name: 'Über Linux', version: 1 }], { state: 'wsl1', next: { command: 'wsl.exe --set-version Über Linux 2' } }],
    ['ready', [{ name: 'Ubuntu-24.04' }], { state: 'ready', reason: 'ok', wslVersion: '2.6.1.0', kernelVersion: '6.6.87.2', windowsVersion: '10.0.26100.4652' }],
  ]
  for (const [scenario, distros, expected] of cases) {
    it(`stand-in scenario ${scenario}`, async () => {
      windows(scenario, distros)
      expect(await runPreflight(STANDIN_WSL)).toMatchObject(expected)
    })
  }

  it('lists names with spaces and non-ASCII letters from real UTF-16LE bytes (iconv in the stand-in)', async () => {
    const names = ['Ubuntu-24.04', 'My Distro', 'Über Linux 2', 'Дебиан', '開発 環境']
    windows('ready', names.map((name, i) => ({ name, version: i === 2 ? 1 : 2 })))
    const raw = await runProcessRaw(STANDIN_WSL, ['-l', '-q'])
    expect(raw.stdout).toEqual(Buffer.from(`${names.join('\r\n')}\r\n`, 'utf16le'))
    const r = await runPreflight(STANDIN_WSL)
    expect(r.state).toBe('ready')
    expect(r.distros.map((d) => [d.name, d.version, d.isDefault])).toEqual(names.map((n, i) => [n, i === 2 ? 1 : 2, i === 0]))
  })

  it('a listed name with a space runs as a target (argv, never a shell)', async () => {
    windows('ready', [{ name: 'My Distro' }])
    const driver = new ServiceDriver(undefined, STANDIN_WSL)
    expect(await driver.call('target:connect', { target: { kind: 'wsl', distro: 'My Distro' } })).toMatchObject({ status: 'connected' })
    await driver.svc.dispose()
  })
})

describe('WSL install and first user through the stand-in (real PTY sessions, Windows mocked)', () => {
  it('install-uac-cancel: exit 1602 lands on "uac-cancelled" and changes nothing', async () => {
    const w = windows('install-uac-cancel')
    const driver = new ServiceDriver(undefined, STANDIN_WSL)
    expect((await driver.call('wsl:preflight', {})).state).toBe('no-distro')
    const r = await setupRun(driver, 'wsl:install', { distro: 'Ubuntu-24.04' })
    expect(r).toMatchObject({ outcome: 'uac-cancelled', distro: 'Ubuntu-24.04' })
    expect(r.hint).toMatch(/Yes/)
    expect(driver.terminal).toContain('Downloading: Ubuntu 24.04 LTS')
    const list = spawnSync(STANDIN_WSL, ['-l', '-q'], { env: { ...process.env, WSL_UTF8: '1' } })
    expect([list.status, list.stdout.toString()]).toEqual([255, expect.stringContaining('Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND')])
    expect(w.scenario()).toBe('install-uac-cancel')
    expect((await driver.call('app:state', {})).setup).toMatchObject({ phase: 'install-distro' })
    await driver.svc.dispose()
  })

  it('refuses a hostile distro for first-user before anything runs; install only takes Ubuntu-24.04', async () => {
    const driver = new ServiceDriver(undefined, STANDIN_WSL)
    for (const payload of [{ distro: '-u root' }, { distro: 'x; id' }, { distro: 'Ubuntu ' }]) {
      const r = await driver.svc.handle('wsl:first-user', payload)
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(await driver.svc.handle('wsl:install', { distro: 'Debian' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await driver.svc.handle('wsl:install', { distro: 'Ubuntu-24.04', command: 'id' })).toMatchObject({ ok: false })
    expect(driver.terminal).toBe('')
    await driver.svc.dispose()
  })

  it('install-reboot: exit 3010 → reboot-needed; a new AppService on the same data folder continues after the reboot; OOBE; connect', async () => {
    const w = windows('install-reboot')
    const first = new ServiceDriver(undefined, STANDIN_WSL)
    await first.call('wsl:preflight', {})
    const r = await setupRun(first, 'wsl:install', { distro: 'Ubuntu-24.04' })
    expect(r).toMatchObject({ outcome: 'reboot-needed' })
    expect(r.hint).toMatch(/reopen this app/)
    await first.svc.dispose()

    // The app is closed; Windows restarts; the app opens again on the same data folder.
    const second = new ServiceDriver(first.dataDir, STANDIN_WSL)
    expect((await second.call('app:state', {})).setup).toMatchObject({ phase: 'reboot-pending', distro: 'Ubuntu-24.04' })
    expect((await second.call('wsl:preflight', {})).progress).toMatchObject({ phase: 'reboot-pending' }) // not rebooted yet
    w.reboot()
    const after = await second.call('wsl:preflight', {})
    expect(after).toMatchObject({ state: 'ready', progress: { phase: 'first-user', distro: 'Ubuntu-24.04' } })
    expect(after.distros).toEqual([expect.objectContaining({ name: 'Ubuntu-24.04', version: 2 })])

    let typed = 0
    const password = 'Oobe-pw-7731'
    const user = await setupRun(second, 'wsl:first-user', { distro: 'Ubuntu-24.04' }, async (screen, sessionId) => {
      const steps: [RegExp, string][] = [[/Enter new UNIX username: $/, 'alice\r'], [/New password: $/, `${password}\r`], [/Retype new password: $/, `${password}\r`], [/alice@[^\n]*\$ $/, 'exit\r']]
      const step = steps[typed]
      if (step && step[0].test(screen.replace(/\r/g, ''))) {
        typed++
        await second.call('terminal:input', { sessionId, data: step[1] })
      }
    })
    expect(user).toMatchObject({ outcome: 'user-created', distro: 'Ubuntu-24.04' })
    expect(user.message).toMatch(/default user of Ubuntu-24.04 is alice/)
    expect(second.terminal).not.toContain(password)
    // Real user, real password, inside the lab.
    expect((await lab.exec(['id', '-nG', 'alice'])).stdout).toMatch(/\balice\b.*\bsudo\b/)
    expect((await lab.exec(['su', '-s', '/bin/sh', '-c', `echo ${password} | su -c 'id -un' alice`, 'nobody'])).stdout.trim()).toBe('alice')
    expect((await second.call('app:state', {})).setup).toMatchObject({ phase: 'connect', user: 'alice' })

    const c = await second.call('target:connect', { target: { kind: 'wsl', distro: 'Ubuntu-24.04' } })
    expect(c).toMatchObject({ status: 'connected' })
    expect((await second.call('app:state', {})).setup).toBeNull()
    await second.svc.dispose()
    await lab.exec(['userdel', '-r', 'alice'])
  })

  it('install-ok: exit 0 → installed, then a first-user run that creates nobody is refused as still root', async () => {
    windows('install-ok')
    const driver = new ServiceDriver(undefined, STANDIN_WSL)
    await driver.call('wsl:preflight', {})
    expect(await setupRun(driver, 'wsl:install', { distro: 'Ubuntu-24.04' })).toMatchObject({ outcome: 'installed' })
    expect((await driver.call('app:state', {})).setup).toMatchObject({ phase: 'first-user' })
    // The person closes the OOBE prompt (Ctrl-D): no user, the distro still logs in as root.
    const r = await setupRun(driver, 'wsl:first-user', { distro: 'Ubuntu-24.04' }, async (screen, sessionId) => {
      if (/Enter new UNIX username: $/.test(screen)) await driver.call('terminal:input', { sessionId, data: '\x04' })
    })
    expect(r).toMatchObject({ outcome: 'failed' })
    expect(r.message).toMatch(/still logs in as root/)
    await waitFor(() => !driver.svc.terminalBusy(), 5000, 'terminal free')
    await driver.svc.dispose()
  })

  it('not-installed: Install WSL runs wsl.exe --install --no-distribution; reboot; then Ubuntu is next', async () => {
    const w = windows('not-installed')
    const driver = new ServiceDriver(undefined, STANDIN_WSL)
    expect((await driver.call('wsl:preflight', {})).state).toBe('missing')
    const mark = driver.terminal.length
    const r = await setupRun(driver, 'wsl:install', { distro: 'Ubuntu-24.04' })
    expect(driver.terminal.slice(mark)).toContain('Windows Subsystem for Linux has been installed.')
    expect(r).toMatchObject({ outcome: 'reboot-needed', distro: null })
    w.reboot()
    expect(await driver.call('wsl:preflight', {})).toMatchObject({ state: 'no-distro', progress: { phase: 'install-distro', distro: null } })
    await driver.svc.dispose()
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { STANDIN_WSL, StandinWindows } from '../wsl-standin/scenario'
import { startBridge, type Bridge } from './bridge'

// Windows cannot run here: wsl.exe is the stand-in (test/wsl-standin) with a scenario folder as "Windows"; the
// renderer runs in Chromium with window.api wired to the real AppService (the browser bridge).
let lab: Lab
let bridge: Bridge
let windows: StandinWindows
const saved = { ...process.env }

beforeAll(async () => {
  lab = await startLab()
  windows = new StandinWindows('install-uac-cancel')
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
  process.env.OCSS_WSL_STANDIN_DIR = windows.dir
  bridge = await startBridge({ wslExe: STANDIN_WSL })
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  process.env = saved
  await lab?.stop()
})

const visible = (testId: string, timeout = 60_000) => bridge.page.getByTestId(testId).waitFor({ timeout })

describe('WSL setup from a bare laptop through the UI (browser bridge, wsl.exe stand-in: Windows mocked)', () => {
  it('no distro yet: the WSL side says so and offers Ubuntu 24.04', async () => {
    const { page } = bridge
    await visible('connect-screen')
    await page.getByTestId('connect-kind-wsl').click()
    await visible('wsl-state-no-distro')
    expect(await page.getByTestId('wsl-error-code').textContent()).toBe('WSL_E_DEFAULT_DISTRO_NOT_FOUND')
    expect(await page.getByTestId('wsl-version').textContent()).toMatch(/WSL 2\.6\.1\.0/)
    await bridge.screenshot('wsl-no-distro')
  })

  it('install-uac-cancel: the installer runs in the terminal, the UAC prompt is refused → the UAC-cancelled screen', async () => {
    const { page } = bridge
    await page.getByTestId('wsl-install').click()
    await visible('wsl-outcome-uac-cancelled')
    expect(await bridge.terminalText()).toContain('Downloading: Ubuntu 24.04 LTS')
    expect(await page.getByTestId('wsl-outcome-uac-cancelled').textContent()).toMatch(/choose "Yes"/)
    await visible('wsl-state-no-distro')
    await bridge.screenshot('wsl-uac-cancelled')
  })

  it('install-reboot: Install again → the reboot screen', async () => {
    const { page } = bridge
    windows.setScenario('install-reboot')
    await page.getByTestId('wsl-install').click()
    await visible('wsl-outcome-reboot-needed')
    await visible('wsl-phase-reboot-pending')
    expect(await page.getByTestId('wsl-phase-reboot-pending').textContent()).toMatch(/Restart Windows, then reopen this app — it continues here/)
    await bridge.screenshot('wsl-reboot-needed')
  })

  it('after the reboot, the reopened app (new service, same data folder) opens at the first-user step; the user answers in xterm; then Connect', async () => {
    const { page } = bridge
    windows.reboot()
    await bridge.reopen()
    await visible('wsl-phase-first-user')
    expect(await page.getByTestId('wsl-setup-panel').getAttribute('data-phase')).toBe('first-user')
    await bridge.screenshot('wsl-first-user')

    const password = 'E2e-secret-4242'
    await page.getByTestId('wsl-first-user').click()
    const typeAt = async (prompt: RegExp, text: string) => {
      await expect.poll(() => bridge.terminalText(), { timeout: 30_000, interval: 100 }).toMatch(prompt)
      await page.getByLabel('Terminal', { exact: true }).click()
      await page.keyboard.type(text)
      await page.keyboard.press('Enter')
    }
    await typeAt(/Enter new UNIX username: $/m, 'alice')
    await typeAt(/New password: $/m, password)
    await typeAt(/Retype new password: $/m, password)
    await typeAt(/Installation successful!\n.*alice@.*\$ $/ms, 'exit')
    await visible('wsl-outcome-user-created')
    expect(await bridge.terminalText()).not.toContain(password)
    await visible('wsl-phase-connect')
    expect(await page.getByTestId('connect-wsl-distro').inputValue()).toBe('Ubuntu-24.04')
    await bridge.screenshot('wsl-user-created')
    expect((await lab.exec(['id', '-un', 'alice'])).stdout.trim()).toBe('alice')

    await page.getByTestId('connect-submit').click()
    await visible('header-target')
    expect(await page.getByTestId('header-target').textContent()).toContain('Ubuntu-24.04')
    expect(bridge.service().state().setup).toBeNull()
    await expect.poll(() => page.getByTestId('check-status-wsl-systemd').textContent({ timeout: 1000 }).catch(() => null), { timeout: 60_000 }).toBe('fail')
    await bridge.screenshot('wsl-connected')
  })
})

import { existsSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { USER_NAME } from '../helpers/user-world'
import { STANDIN_WSL } from '../wsl-standin/scenario'
import { startBridge, type Bridge } from './bridge'
import { checkStatus } from './sudo-terminal'

// Windows cannot run here: wsl.exe is the stand-in (test/wsl-standin), backed by the lab; the renderer runs in
// Chromium with window.api wired to the real AppService (the browser bridge), whose data folder is the app's default
// one under a HOME with spaces, an apostrophe and non-ASCII letters, as a Windows user name often has.
let lab: Lab
let bridge: Bridge
const saved = process.env.OCSS_WSL_STANDIN_STATE
const id = 'ufw-firewall'

beforeAll(async () => {
  lab = await startLab()
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
  bridge = await startBridge({ wslExe: STANDIN_WSL })
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  if (saved === undefined) delete process.env.OCSS_WSL_STANDIN_STATE
  else process.env.OCSS_WSL_STANDIN_STATE = saved
  await lab?.stop()
})

const statusText = () => checkStatus(bridge, id)

describe('UFW over WSL through the UI (browser bridge, wsl.exe stand-in: Windows mocked), data folder under a HOME with spaces', () => {
  it('connects to the distro and saves it in the default data folder under that HOME', async () => {
    const { page } = bridge
    expect(bridge.dataDir).toContain(`/${USER_NAME}/`)
    await page.getByTestId('connect-screen').waitFor()
    await page.getByTestId('connect-kind-wsl').click()
    await page.getByTestId('connect-wsl-distro').fill('Ubuntu-24.04')
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('header-target').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('header-target').textContent()).toContain('Ubuntu-24.04')
    expect(existsSync(bridge.dataDir) && readdirSync(bridge.dataDir).length).toBeGreaterThan(0)
  })

  it('the re-check after connecting reads UFW as failing (off in a fresh distro)', async () => {
    await expect.poll(statusText, { timeout: 60_000 }).toBe('fail')
    await bridge.page.getByTestId('run-finished').waitFor({ timeout: 60_000 })
    expect(await bridge.page.getByTestId(`checklist-row-${id}`).textContent()).toMatch(/firewall \(ufw\) is not active/)
  })

  it('applies the UFW step from the wizard: the check turns to pass and the distro\'s firewall is on', async () => {
    const { page } = bridge
    await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
    await page.getByTestId(`nav-step-${id}`).click()
    await page.getByTestId(`step-screen-${id}`).waitFor()
    await page.getByTestId('step-run').click()
    await expect.poll(statusText, { timeout: 120_000 }).toBe('pass')
    await page.getByTestId('run-finished').waitFor()
    expect(await page.getByTestId('run-finished').getAttribute('data-ok')).toBe('true')
    const status = await lab.exec(['ufw', 'status', 'verbose'])
    expect(status.stdout).toContain('Status: active')
    expect(status.stdout).toMatch(/Default: deny \(incoming\)/)
  })

  it('undo restores the earlier (inactive) firewall and the check reads fail again', async () => {
    const { page } = bridge
    await page.getByTestId('step-undo').click()
    await page.getByTestId('undo-confirm').click()
    await expect.poll(statusText, { timeout: 120_000 }).toBe('fail')
    expect((await lab.exec(['ufw', 'status'])).stdout).toContain('Status: inactive')
  })
})

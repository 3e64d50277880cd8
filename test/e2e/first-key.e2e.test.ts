import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { fillSshForm } from './connect-form'
import { startBridge, type Bridge } from './bridge'

let lab: Lab
let bridge: Bridge

beforeAll(async () => {
  lab = await startLab({ passwordAuth: true }) // a fresh VM: password login only, no key of the app's yet
  bridge = await startBridge()
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  await lab?.stop()
})

describe('A password-only VM, from first contact to key login, through the UI (browser bridge, lab over SSH)', () => {
  it('host key confirmed, login refused, key installed with the password typed in the terminal, then connected', async () => {
    const { page } = bridge
    await fillSshForm(page, lab, { identity: false })
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-trust').click({ timeout: 30_000 })
    await page.getByTestId('first-key-install').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('connect-error').getAttribute('data-code')).toBe('AUTH_FAILED')
    await page.getByTestId('first-key-install-start').click()
    await expect.poll(() => bridge.terminalText(), { timeout: 30_000 }).toMatch(/password:/)
    await bridge.screenshot('first-key-install')
    await page.getByLabel('Terminal', { exact: true }).click()
    await page.keyboard.type(lab.sudoPassword)
    await page.keyboard.press('Enter')
    await page.getByTestId('header-target').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    expect(bridge.service().state().connected?.label).toContain(lab.host)
    const keys = await lab.exec(['cat', `/home/${lab.user}/.ssh/authorized_keys`])
    expect(keys.stdout).toMatch(/ssh-ed25519 \S+ openclaw-secure-setup/)
    expect(await bridge.terminalText()).not.toContain(lab.sudoPassword)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { passwordLogin } from '../helpers/password-login'
import { fillSshForm } from './connect-form'
import { startBridge, type Bridge } from './bridge'

let lab: Lab
let bridge: Bridge

beforeAll(async () => {
  lab = await startLab({ passwordAuth: true })
  bridge = await startBridge()
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  await lab?.stop()
})

const count = async (needle: string) => (await bridge.terminalText()).split(needle).length - 1

/** Waits for the next occurrence of `prompt` in the embedded terminal and types `text` into it, as a person would. */
async function typeAt(prompt: string, seenBefore: number, text: string): Promise<void> {
  const { page } = bridge
  await expect.poll(() => count(prompt), { timeout: 60_000, interval: 100 }).toBeGreaterThan(seenBefore)
  await page.getByLabel('Terminal', { exact: true }).click()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

describe('Key login through the UI (browser bridge: real renderer in Chromium, real services, lab sshd with passwords on)', () => {
  it('connects, re-checks, and shows the Key login panel with the app key fingerprint', async () => {
    const { page } = bridge
    await fillSshForm(page, lab)
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-dialog').waitFor({ timeout: 30_000 })
    await page.getByTestId('hostkey-trust').click()
    await typeAt('[sudo] password for', 0, lab.sudoPassword)
    await page.getByTestId('run-finished').waitFor({ timeout: 60_000 })
    await page.getByTestId('key-panel').waitFor()
    await expect.poll(() => page.getByTestId('key-fingerprint').textContent(), { timeout: 10_000 }).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(await page.getByTestId('key-proven').count()).toBe(0)
  })

  it('a wrong password reads "The password was refused"', async () => {
    const { page } = bridge
    await expect.poll(() => page.getByTestId('key-install').isEnabled(), { timeout: 10_000 }).toBe(true)
    await page.getByTestId('key-install').click()
    for (let i = 0; i < 3; i++) {
      if ((await page.getByTestId('key-outcome-password-refused').count()) > 0) break
      await typeAt('password:', i, 'not-the-password').catch(() => undefined)
    }
    await page.getByTestId('key-outcome-password-refused').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('key-outcome-password-refused').textContent()).toMatch(/The password was refused.*nothing was written/)
  }, 120_000)

  it('the right password, typed once in the terminal: installed and proven with BatchMode', async () => {
    const { page } = bridge
    const before = await count('password:')
    await page.getByTestId('key-install').click()
    await typeAt('password:', before, lab.sudoPassword)
    await page.getByTestId('key-outcome-installed').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('key-outcome-installed').textContent()).toMatch(/proven with BatchMode/)
    await page.getByTestId('key-proven').waitFor()
    await bridge.screenshot('key-login')
  }, 120_000)

  it('then the password-login step runs from the link; the lock-out guard confirms it and passwords are refused', async () => {
    const { page } = bridge
    await page.getByTestId('key-open-password-step').click()
    await page.getByTestId('step-screen-ssh-password-login').waitFor()
    const before = await count('[sudo] password for')
    await page.getByTestId('step-run').click()
    await typeAt('[sudo] password for', before, lab.sudoPassword)
    await expect.poll(() => page.getByTestId('run-finished').getAttribute('data-ok', { timeout: 1000 }).catch(() => null), { timeout: 120_000 }).toBe('true')
    expect(await page.getByTestId('run-finished').textContent()).toMatch(/fresh key-only login/)
    await bridge.screenshot('password-login-off')
    const pw = await passwordLogin(lab, lab.sudoPassword)
    expect(pw.out).toMatch(/Permission denied \(publickey\)/)
  }, 180_000)
})

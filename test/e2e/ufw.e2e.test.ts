import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { startBridge, type Bridge } from './bridge'
import { answerSudo as answer, checkStatus, sudoPrompts as prompts } from './sudo-terminal'

let lab: Lab
let bridge: Bridge

beforeAll(async () => {
  lab = await startLab({ sshPort: 22 })
  bridge = await startBridge()
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  await lab?.stop()
})

const id = 'ufw-firewall'

const sudoPrompts = () => prompts(bridge)
const answerSudo = (seenBefore: number) => answer(bridge, lab.sudoPassword, seenBefore)
const statusText = () => checkStatus(bridge, id)

// sshd on port 22 (the lab's default); the app's data folder and the key file the person picks are under a HOME with
// spaces, an apostrophe and non-ASCII letters (the bridge's user world).
describe('UFW through the UI (browser bridge: real renderer in Chromium, real services, lab over SSH on port 22)', () => {
  it('refuses a hostile host in the form before anything is sent', async () => {
    const { page } = bridge
    await page.getByTestId('connect-screen').waitFor()
    await page.getByTestId('connect-ssh-user').fill(lab.user)
    await page.getByTestId('connect-ssh-host').fill('-oProxyCommand=touch /tmp/pwned')
    await expect.poll(() => page.getByTestId('connect-submit').isDisabled()).toBe(true)
    await expect.poll(() => page.getByTestId('connect-screen').textContent()).toMatch(/must not start with "-"/)
  })

  it('connects over SSH after the user verifies the host key fingerprint', async () => {
    const { page } = bridge
    await page.getByTestId('connect-ssh-host').fill(lab.host)
    await page.getByTestId('connect-ssh-port').fill(String(lab.port))
    await page.getByTestId('connect-ssh-identity').fill(bridge.world.pickKey(lab.identityFile))
    await bridge.screenshot('connect')
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-dialog').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('hostkey-fingerprint').textContent()).toContain(lab.hostKeyFingerprint)
    await page.waitForTimeout(600) // let the dialog's fade-in finish before the screenshot
    await bridge.screenshot('host-key')
    await page.getByTestId('hostkey-trust').click()
    await page.getByTestId('header-target').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('header-target').textContent()).toContain(lab.host)
  })

  it('re-checks live after connecting; the sudo password is typed into the terminal; UFW reads fail', async () => {
    await answerSudo(0)
    await expect.poll(statusText, { timeout: 60_000 }).toBe('fail')
    await bridge.page.getByTestId('run-finished').waitFor()
    expect(await bridge.page.getByTestId('run-finished').getAttribute('data-ok')).toBe('false')
    expect(await bridge.page.getByTestId(`checklist-row-${id}`).textContent()).toMatch(/firewall \(ufw\) is not active/)
  })

  it('runs the UFW step from the wizard and the check turns to pass', async () => {
    const { page } = bridge
    await page.getByTestId(`nav-step-${id}`).click()
    await page.getByTestId(`step-screen-${id}`).waitFor()
    expect(await page.getByTestId('script-text').textContent()).toContain('ufw --force enable')
    expect(await page.getByTestId('step-rationale').textContent()).toMatch(/firewall/)
    // Copy goes to main's clipboard:write (the page has no clipboard permission) and says so.
    const script = await page.getByTestId('script-text').textContent()
    expect(bridge.clipboard).toEqual([])
    await page.getByTestId('script-copy').click()
    await expect.poll(() => page.getByTestId('script-copy').textContent()).toBe('Copied')
    expect(bridge.clipboard).toEqual([script])
    await bridge.screenshot('wizard')
    const before = await sudoPrompts()
    await page.getByTestId('step-run').click()
    await expect.poll(sudoPrompts, { timeout: 60_000 }).toBeGreaterThan(before)
    // A huge paste at the sudo prompt is refused with a message and nothing is sent.
    await page.evaluate(() => (globalThis as unknown as { __ocssTerminal: { paste(t: string): void } }).__ocssTerminal.paste('x'.repeat(70_000)))
    await expect.poll(() => bridge.terminalText(), { timeout: 5000 }).toMatch(/paste refused: 69 KiB is over the 64 KiB limit; nothing was sent/)
    expect(await sudoPrompts()).toBe(before + 1)
    await answerSudo(before)
    await expect.poll(statusText, { timeout: 120_000 }).toBe('pass')
    await page.getByTestId('run-finished').waitFor()
    expect(await page.getByTestId('run-finished').getAttribute('data-ok')).toBe('true')
    expect(await bridge.terminalText()).toContain(`Allowing SSH on port ${lab.port}/tcp before the firewall is enabled`)
    await page.getByLabel('Terminal', { exact: true }).scrollIntoViewIfNeeded()
    await bridge.screenshot('terminal')

    const status = await lab.exec(['ufw', 'status', 'verbose'])
    expect(status.stdout).toContain('Status: active')
    expect(status.stdout).toMatch(/Default: deny \(incoming\)/)
    expect(status.stdout).toMatch(new RegExp(`^${lab.port}/tcp\\s+ALLOW IN`, 'm'))
  })

  it('after reopening, the saved status shows at once, then is re-checked live', async () => {
    const { page } = bridge
    await bridge.reopen()
    // Saved status, before any password is typed for the re-check.
    await expect.poll(statusText, { timeout: 15_000 }).toBe('pass')
    await page.getByTestId('checklist-screen').waitFor()
    expect(await sudoPrompts()).toBe(0)
    // What changed since last time: the step failed before it was applied.
    expect(await page.getByTestId(`checklist-change-${id}`).getAttribute('data-to')).toBe('pass')
    expect(await page.getByTestId(`checklist-change-${id}`).textContent()).toMatch(/^Changed since the last check: it was (fail|interrupted)/)
    await bridge.screenshot('reopen-saved')
    await answerSudo(0)
    await expect.poll(() => page.getByTestId('run-finished').getAttribute('data-kind', { timeout: 1000 }).catch(() => null), { timeout: 60_000 }).toBe('check')
    expect(await statusText()).toBe('pass')
    expect(await page.getByTestId(`checklist-row-${id}`).textContent()).toContain(`Active; incoming denied by default; SSH allowed on ${lab.port}/tcp`)
    await bridge.screenshot('checklist')
  })

  it('undo from the wizard restores the earlier (inactive) firewall', async () => {
    const { page } = bridge
    await page.getByTestId(`nav-step-${id}`).click()
    const before = await sudoPrompts()
    await page.getByTestId('step-undo').click()
    await page.getByTestId('undo-confirm').click()
    await answerSudo(before)
    await expect.poll(statusText, { timeout: 120_000 }).toBe('fail')
    expect((await lab.exec(['ufw', 'status'])).stdout).toContain('Status: inactive')
  })
})

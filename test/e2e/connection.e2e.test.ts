import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { fillSshForm } from './connect-form'
import { startBridge, type Bridge } from './bridge'

let lab: Lab
let bridge: Bridge

beforeAll(async () => {
  lab = await startLab({ sshPort: 2222 }) // the UFW flow covers 22; this one a machine whose sshd listens elsewhere
  // The first reconnect attempt waits 1.5 s, so the "lost" banner stays long enough to be seen and photographed.
  bridge = await startBridge({ reconnectDelays: [1500, 1000, 2000] })
}, 900_000)
afterAll(async () => {
  await bridge?.close()
  await lab?.stop()
})

const id = 'ufw-firewall'

// The app's data folder and the key file the person picks are under a HOME with spaces and non-ASCII letters.
describe('Connection states and the masked sudo field through the UI (browser bridge, lab over SSH on port 2222)', () => {
  it('"No" at the host-key question connects nothing', async () => {
    const { page } = bridge
    await fillSshForm(page, lab, { identity: bridge.world.pickKey(lab.identityFile) })
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-dialog').waitFor({ timeout: 30_000 })
    expect(bridge.service().connection().state).toBe('confirm-host-key')
    await page.getByTestId('hostkey-cancel').click()
    await page.getByTestId('hostkey-dialog').waitFor({ state: 'detached' })
    await expect.poll(() => bridge.service().connection().state).toBe('idle')
    expect(bridge.service().state().connected).toBeNull()
    expect(await page.getByTestId('header-not-connected').isVisible()).toBe(true)
    expect(await page.getByTestId('connect-screen').isVisible()).toBe(true)
  })

  it('"Trust" connects; the header shows the state; a wrong sudo password in the masked field is refused', async () => {
    const { page } = bridge
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-trust').click()
    await page.getByTestId('connection-state').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')
    // The automatic re-check after connecting asks for sudo in the terminal; cancel it and use the masked field.
    await page.getByTestId('job-cancel').click({ timeout: 30_000 })
    await page.getByTestId('run-finished').waitFor({ timeout: 30_000 })
    await page.getByTestId('sudo-password').fill('not-the-password')
    await page.getByTestId('sudo-password-submit').click()
    await page.getByTestId('sudo-password-error').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('sudo-password-error').textContent()).toMatch(/password/i)
    expect(await page.getByTestId('sudo-password-error').getAttribute('data-code')).toBe('SUDO_FAILED')
    expect(bridge.service().state().connected?.sudoHeld).toBe(false)
  })

  it('the right password is held in memory; re-check runs over the control channel without any prompt', async () => {
    const { page } = bridge
    await page.getByTestId('sudo-password').fill(lab.sudoPassword)
    await bridge.screenshot('sudo-password')
    await page.getByTestId('sudo-password-submit').click()
    await page.getByTestId('sudo-held').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('header-sudo').textContent()).toMatch(/held in memory/)
    await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
    const terminalBefore = await bridge.terminalText()
    await page.getByTestId('checklist-recheck-all').click()
    await page.getByTestId('run-finished').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('run-finished').getAttribute('data-kind')).toBe('check')
    expect(await page.getByTestId(`checklist-row-${id}`).getAttribute('data-status')).toBe('fail') // UFW is off on a fresh lab
    // No terminal session was started: no new command line, no sudo prompt.
    expect(await bridge.terminalText()).toBe(terminalBefore)
  })

  it('a connection killed during a check: the check reads interrupted, the banner shows lost → reconnecting → gone', async () => {
    const { page } = bridge
    await lab.exec(['bash', '-c', 'mv /usr/sbin/ufw /usr/sbin/ufw.real && printf "#!/bin/sh\\nsleep 6\\nexec /usr/sbin/ufw.real \\"\\$@\\"\\n" > /usr/sbin/ufw && chmod 755 /usr/sbin/ufw'])
    await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
    await page.getByTestId('checklist-recheck-all').click()
    for (let i = 0; i < 100 && !(await lab.exec(['pgrep', '-f', 'sleep 6'])).stdout.trim(); i++) await page.waitForTimeout(100)
    await lab.exec(['pkill', '-KILL', '-f', `^sshd: ${lab.user}`])
    await page.getByTestId('connection-banner').waitFor({ timeout: 15_000 })
    await page.getByTestId('run-finished').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('run-finished').getAttribute('data-interrupted')).toBe('true')
    expect(await page.getByTestId(`checklist-row-${id}`).getAttribute('data-status')).toBe('interrupted')
    await bridge.screenshot('connection-lost')
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 30_000 })
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('connected')

    await lab.exec(['bash', '-c', 'mv -f /usr/sbin/ufw.real /usr/sbin/ufw'])
    await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
    await page.getByTestId('checklist-recheck-all').click()
    await page.getByTestId('run-finished').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('run-finished').getAttribute('data-interrupted')).toBe('false')
    expect(await page.getByTestId(`checklist-row-${id}`).getAttribute('data-status')).toBe('fail')
  })
})

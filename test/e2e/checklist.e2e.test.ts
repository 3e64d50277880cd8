import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECKLIST_ITEMS } from '../../src/checklist/items'
import { startLab, type Lab } from '../lab/lab'
import { fillSshForm } from './connect-form'
import { RESULTS, startBridge, type Bridge } from './bridge'

/**
 * The checklist screen through the browser bridge against the lab (sudo without a password, so every re-check is the
 * batched pass over the control channels, with OpenClaw's own audit alongside): every item with its state, manual
 * confirmation and waiver, report export, reopening with the control channel held back, and resume mid-step.
 * The control channel is held back by an ssh wrapper that waits while a gate file exists (the real /usr/bin/ssh after).
 */
let lab: Lab
let bridge: Bridge
const dir = mkdtempSync(join(tmpdir(), 'ocss-checklist-e2e-'))
const gate = join(dir, 'gate')
const sshWrapper = join(dir, 'ssh')

beforeAll(async () => {
  writeFileSync(sshWrapper, `#!/bin/sh\nwhile [ -e '${gate}' ]; do sleep 0.05; done\nexec /usr/bin/ssh "$@"\n`)
  chmodSync(sshWrapper, 0o755)
  lab = await startLab({ sudoNoPassword: true })
  bridge = await startBridge({ sshBinary: sshWrapper })
}, 900_000)
afterAll(async () => {
  rmSync(gate, { force: true })
  await bridge?.close()
  await lab?.stop()
})

const itemState = (id: string) => bridge.page.getByTestId(`checklist-item-${id}`).getAttribute('data-state', { timeout: 1000 }).catch(() => null)
const itemCards = () => bridge.page.locator('[data-testid^="checklist-item-"][data-state]')

async function labUfw(enable: boolean): Promise<void> {
  const cmds = enable ? [['ufw', 'allow', `${lab.port}/tcp`], ['ufw', '--force', 'enable']] : [['ufw', '--force', 'disable']]
  for (const argv of cmds) {
    const r = await lab.exec(argv)
    if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
  }
}

describe('the checklist screen (browser bridge: real renderer, real services, lab over SSH)', () => {
  it('connects; the re-check pass fills every item with its state, OpenClaw\'s own audit included', async () => {
    const { page } = bridge
    await fillSshForm(page, lab)
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-trust').click({ timeout: 30_000 })
    await page.getByTestId('run-finished').waitFor({ timeout: 90_000 })
    expect(await itemCards().count()).toBe(CHECKLIST_ITEMS.length)
    // Connected, "Check for updates" moves to the bottom of the step navigation.
    expect(await page.getByRole('navigation', { name: 'Steps' }).getByTestId('update-check').textContent()).toBe('Check for updates')
    for (const item of CHECKLIST_ITEMS) expect(await itemState(item.id), item.id).not.toBeNull()
    expect(await itemState('ufw-default-deny')).toBe('fail') // UFW is off on a fresh lab
    expect(await itemState('vm-openclaw-audit')).toBe('fail') // fresh OpenClaw config: 1 critical finding
    expect(await page.getByTestId('checklist-item-summary-vm-openclaw-audit').textContent()).toContain('gateway.loopback_no_auth')
    expect(await itemState('vm-static-ip')).toBe('not-set-up') // no step yet (the Proxmox issue)
    // Read from the machine: no OpenClaw account to judge yet.
    expect(await itemState('gateway-token')).toBe('error')
    expect(await itemState('skills-pinned')).toBe('error')
    expect(await itemState('wsl-lockdown')).toBe('not-applicable') // WSL only
    expect(await itemState('spend-cap')).toBe('unknown')
    // The per-step rows the wizard and older tests use are still there, inside their item.
    expect(await page.getByTestId('checklist-row-ufw-firewall').getAttribute('data-status')).toBe('fail')
    // Evidence: the real audit output, on demand.
    await page.getByTestId('checklist-item-evidence-toggle-vm-openclaw-audit').click()
    expect(await page.getByTestId('checklist-item-evidence-vm-openclaw-audit').textContent()).toMatch(/critical=1 warn=\d+ info=\d+/)
    // Self-reported: the window says so, and the evidence names the program that answered (the lab's root-owned one).
    expect(await page.getByTestId('checklist-item-caveat-vm-openclaw-audit').textContent()).toBe('Self-reported by the OpenClaw account')
    expect(await page.getByTestId('checklist-item-evidence-vm-openclaw-audit').textContent()).toMatch(/openclaw program: \/usr\/local\/bin\/openclaw( -> \S+)? \(owner root, mode \d+\)/)
  })

  it('Confirm a manual item (who, note; the reminder date is shown) and Waive another (reason)', async () => {
    const { page } = bridge
    await page.getByTestId('checklist-confirm-key-rotation').click()
    await page.getByTestId('checklist-confirm-dialog').waitFor()
    expect(await page.getByTestId('checklist-confirm-dialog-reminder').textContent()).toMatch(/reminded on/)
    expect(await page.getByTestId('checklist-confirm-dialog-submit').isDisabled()).toBe(true) // nothing typed yet
    await page.getByTestId('checklist-confirm-dialog-who').fill('Ada')
    await page.getByTestId('checklist-confirm-dialog-text').fill('Rotated the gateway token and the provider key')
    await page.getByTestId('checklist-confirm-dialog-submit').click()
    await expect.poll(() => itemState('key-rotation')).toBe('confirmed')
    expect(await page.getByTestId('checklist-item-due-key-rotation').textContent()).toMatch(/confirm again by/)

    await page.getByTestId('checklist-waive-gateway-token').click()
    await page.getByTestId('checklist-waive-dialog-who').fill('Ada')
    await page.getByTestId('checklist-waive-dialog-text').fill('No gateway runs on this test machine')
    await page.getByTestId('checklist-waive-dialog-submit').click()
    await expect.poll(() => itemState('gateway-token')).toBe('waived')
    expect(await page.getByTestId('checklist-item-summary-gateway-token').textContent()).toMatch(/No gateway runs on this test machine/)
    // The whole list in one picture: a tall window for the moment.
    await page.setViewportSize({ width: 1280, height: 3600 })
    await bridge.screenshot('checklist-items')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('Export report → HTML (and Markdown, JSON): written through the save stand-in, mode 600, every item; opened in Chromium', async () => {
    const { page } = bridge
    for (const format of ['html', 'md', 'json'] as const) {
      await page.getByTestId('report-export').click()
      await page.getByTestId(`report-export-${format}`).click()
      await page.getByTestId('report-export-result').waitFor({ timeout: 10_000 })
      const path = (await page.getByTestId('report-export-result').textContent())?.match(/saved to (\S+\.(html|md|json))/)?.[1]
      expect(path, format).toBeDefined()
      if (!path) return
      expect(statSync(path).mode & 0o777).toBe(0o600)
      const text = readFileSync(path, 'utf8')
      // HTML and JSON carry each item's id; Markdown one section per item.
      if (format === 'md') expect(text.match(/^### /gm)?.length).toBe(CHECKLIST_ITEMS.length)
      else for (const item of CHECKLIST_ITEMS) expect(text, `${format} ${item.id}`).toContain(item.id)
      expect(text).toContain('Rotated the gateway token')
      await page.getByTestId('report-export-result').getByRole('button', { name: 'Dismiss' }).click()
      if (format === 'html') {
        const report = await page.context().newPage()
        await report.goto(pathToFileURL(path).href)
        expect(await report.locator('h1').textContent()).toBe('OpenClaw hardening checklist')
        await report.screenshot({ path: join(RESULTS, 'checklist-report-export.png'), fullPage: true })
        await report.close()
      }
    }
  })

  it('reopening shows the saved state at once while the control channel is held back, then updates in place', async () => {
    const { page } = bridge
    expect(await itemState('ufw-default-deny')).toBe('fail')
    await labUfw(true) // the machine changes while the app is closed
    writeFileSync(gate, '')
    await bridge.reopen()
    await expect.poll(() => itemState('ufw-default-deny'), { timeout: 15_000 }).toBe('fail') // the saved state, before any connection
    expect(await itemCards().count()).toBe(CHECKLIST_ITEMS.length)
    expect(await page.getByTestId('checklist-saved-banner').textContent()).toMatch(/Last checked at .*saved state/)
    await page.waitForTimeout(1500)
    expect(bridge.service().connection().state).not.toBe('connected') // still held back
    expect(await itemState('ufw-default-deny')).toBe('fail')
    await bridge.screenshot('checklist-reopen-saved')
    const card = await page.getByTestId('checklist-item-ufw-default-deny').elementHandle()
    rmSync(gate)
    await expect.poll(() => itemState('ufw-default-deny'), { timeout: 90_000 }).toBe('pass')
    // In place: the same element, now reading the live state.
    expect(await card?.getAttribute('data-state')).toBe('pass')
    await page.getByTestId('run-finished').waitFor({ timeout: 90_000 })
    expect(await itemState('key-rotation')).toBe('confirmed') // manual records survive the reopen
    await bridge.screenshot('checklist')
  })

  it('resume: closing the app in the middle of a step reopens at that step, its state read from the lab', async () => {
    const { page } = bridge
    await labUfw(false)
    // A ufw that hangs, so the apply is still running when the app closes.
    await lab.exec(['bash', '-c', 'mv /usr/sbin/ufw /usr/sbin/ufw.real && printf "#!/bin/sh\\nsleep 45\\nexit 1\\n" > /usr/sbin/ufw && chmod 755 /usr/sbin/ufw'])
    try {
      await page.getByTestId('nav-step-ufw-firewall').click()
      await page.getByTestId('step-run').click()
      for (let i = 0; i < 200 && !(await lab.exec(['pgrep', '-f', 'sleep 45'])).stdout.trim(); i++) await page.waitForTimeout(100)
      expect((await lab.exec(['pgrep', '-f', 'sleep 45'])).stdout.trim()).not.toBe('')
      writeFileSync(gate, '')
      await bridge.reopen() // the app closes mid-step
      await lab.exec(['pkill', '-f', 'sleep 45'])
      await lab.exec(['bash', '-c', 'mv -f /usr/sbin/ufw.real /usr/sbin/ufw'])
      await labUfw(true) // what the machine looks like now: neither the cache nor the interrupted job knows
      await page.getByTestId('step-screen-ufw-firewall').waitFor({ timeout: 15_000 })
      expect(await page.getByTestId('check-status-ufw-firewall').textContent()).toBe('interrupted') // never the cache
      expect(existsSync(gate)).toBe(true)
      rmSync(gate)
      await expect.poll(() => page.getByTestId('check-status-ufw-firewall').textContent({ timeout: 1000 }).catch(() => null), { timeout: 90_000 }).toBe('pass')
      expect(await page.getByTestId('step-screen-ufw-firewall').isVisible()).toBe(true)
      await bridge.screenshot('resume-step')
      // Checked live: the next reopen no longer resumes.
      await page.getByTestId('run-finished').waitFor({ timeout: 90_000 })
      expect(bridge.service().state().resume).toBeNull()
    } finally {
      await lab.exec(['bash', '-c', '[ -e /usr/sbin/ufw.real ] && mv -f /usr/sbin/ufw.real /usr/sbin/ufw; true'])
    }
  })
})

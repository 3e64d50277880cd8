import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startLab, type Lab } from '../lab/lab'
import { startBridge, type Bridge } from './bridge'
import { fillSshForm } from './connect-form'
import { answerSudo, sudoPrompts } from './sudo-terminal'

/** The test-only steps kit-probe and kit-gated (test/helpers/kit-test-steps.ts), in this test file's services only. */
vi.mock('../../src/catalog', async (importOriginal) => (await import('../helpers/kit-test-steps')).withKitTestSteps(await importOriginal()))

const CANARY = `canary-${createHash('sha256').update(`form ${Date.now()}`).digest('hex').slice(0, 40)}`
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

function filesContaining(dir: string, needle: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    const st = statSync(p)
    return st.isDirectory() ? filesContaining(p, needle) : st.isFile() && readFileSync(p).includes(needle) ? [p] : []
  })
}

describe('a step form through the UI (browser bridge, test-only step, lab over SSH on port 22)', () => {
  it('connects, and the first re-check runs', async () => {
    const { page } = bridge
    await fillSshForm(page, lab, { identity: bridge.world.pickKey(lab.identityFile) })
    await page.getByTestId('connect-submit').click()
    await page.getByTestId('hostkey-trust').click({ timeout: 30_000 })
    await page.getByTestId('header-target').waitFor({ timeout: 30_000 })
    await answerSudo(bridge, lab.sudoPassword, 0)
    await page.getByTestId('run-finished').waitFor({ timeout: 120_000 })
  })

  it('shows a requirement that does not pass yet next to Run', async () => {
    const { page } = bridge
    await page.getByTestId('nav-step-kit-gated').click()
    await page.getByTestId('step-screen-kit-gated').waitFor()
    expect(await page.getByTestId('step-requirements').textContent()).toBe('Run “Kit probe (test only)” first: the probe must pass before this runs.')
  })

  it('renders the form, validates inline with the same schema, and runs nothing on bad input', async () => {
    const { page } = bridge
    await page.getByTestId('nav-step-kit-probe').click()
    await page.getByTestId('step-screen-kit-probe').waitFor()
    expect(await page.getByTestId('step-input-TOKEN').getAttribute('type')).toBe('password')
    expect(await page.getByTestId('step-input-NOTE').count()).toBe(0) // behind "Advanced"
    await page.getByTestId('step-input-PORT').fill('70000')
    await expect.poll(() => page.getByTestId('step-inputs').textContent()).toContain('Port must be a port number from 1 to 65535.')
    const before = await sudoPrompts(bridge)
    await page.getByTestId('step-run').click()
    await expect.poll(() => page.getByTestId('step-inputs').textContent()).toContain('Token is required.')
    await page.waitForTimeout(1500)
    expect(await sudoPrompts(bridge)).toBe(before)
    expect((await lab.exec(['bash', '-c', 'ls /root/kit-probe.* 2>/dev/null | wc -l'])).stdout.trim()).toBe('0')
    await bridge.screenshot('step-form-invalid')
  })

  it('sends the inputs; the app types the secret at its prompt; the saved form keeps only the plain values', async () => {
    const { page } = bridge
    await page.getByTestId('step-input-PORT').fill('2222')
    await page.getByTestId('step-input-TOKEN').fill(CANARY)
    await page.getByTestId('step-inputs-advanced').click()
    await page.getByTestId('step-input-NOTE').fill('from the form')
    const before = await sudoPrompts(bridge)
    await page.getByTestId('step-run').click()
    await answerSudo(bridge, lab.sudoPassword, before)
    await expect.poll(() => page.getByTestId('run-finished').getAttribute('data-ok', { timeout: 1000 }).catch(() => null), { timeout: 120_000 }).toBe('true')
    expect((await lab.exec(['cat', '/root/kit-probe.port'])).stdout.trim()).toBe('2222')
    expect((await lab.exec(['cat', '/root/kit-probe.note'])).stdout.trim()).toBe('from the form')
    expect((await lab.exec(['cat', '/root/kit-probe.hash'])).stdout.trim()).toBe(createHash('sha256').update(CANARY).digest('hex'))
    expect(await bridge.terminalText()).not.toContain(CANARY)
    expect(await page.getByTestId('step-input-TOKEN').inputValue()).toBe('')
    expect(await page.getByTestId('step-input-PORT').inputValue()).toBe('2222')
    const key = bridge.service().state().connected?.key ?? ''
    expect(bridge.service().store.stepInputs(key, 'kit-probe')).toEqual({ PORT: '2222', NOTE: 'from the form' })
    expect(filesContaining(bridge.dataDir, CANARY)).toEqual([])
    await bridge.screenshot('step-form-done')
    // The requirement of kit-gated passes now.
    await page.getByTestId('nav-step-kit-gated').click()
    await page.getByTestId('step-screen-kit-gated').waitFor()
    expect(await page.getByTestId('step-requirements').count()).toBe(0)
  })
})

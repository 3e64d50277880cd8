import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBridge, type Bridge } from './bridge'

let bridge: Bridge

beforeAll(async () => {
  bridge = await startBridge()
}, 120_000)
afterAll(async () => {
  await bridge?.close()
})

describe('A corrupt saved file (browser bridge, real services)', () => {
  it('is moved aside at start and the window says so; the app still works', async () => {
    const { page } = bridge
    await page.getByTestId('connect-screen').waitFor()
    writeFileSync(join(bridge.dataDir, 'index.json'), '{ this is not json')
    await bridge.reopen()
    await page.getByTestId('store-problem-0').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('store-problem-0').getAttribute('data-code')).toBe('STORE_UNREADABLE')
    expect(await page.getByTestId('store-problem-0').textContent()).toMatch(/index\.json/)
    expect(readdirSync(bridge.dataDir).some((f) => /^index\.json\.corrupt-/.test(f))).toBe(true)
    expect(await page.getByTestId('connect-screen').isVisible()).toBe(true)
    await page.getByTestId('store-problem-0').getByRole('button', { name: 'Dismiss' }).click()
    await page.getByTestId('store-problems').waitFor({ state: 'detached' })
  })
})

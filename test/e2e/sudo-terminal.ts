import { expect } from 'vitest'
import type { Bridge } from './bridge'

/** How many times sudo has asked for the password in the embedded terminal so far. */
export async function sudoPrompts(bridge: Bridge): Promise<number> {
  return (await bridge.terminalText()).split('[sudo] password for').length - 1
}

/** Waits for the next sudo prompt in the embedded terminal and types the password into it, as a person would. */
export async function answerSudo(bridge: Bridge, password: string, seenBefore: number): Promise<void> {
  const { page } = bridge
  await expect.poll(() => sudoPrompts(bridge), { timeout: 60_000, interval: 100 }).toBeGreaterThan(seenBefore)
  await page.getByLabel('Terminal', { exact: true }).click()
  await page.keyboard.type(password)
  await page.keyboard.press('Enter')
}

/** The check status shown for a step (pass, fail, …), or null while none is shown. */
export async function checkStatus(bridge: Bridge, stepId: string): Promise<string | null> {
  return bridge.page.getByTestId(`check-status-${stepId}`).textContent({ timeout: 1000 }).catch(() => null)
}

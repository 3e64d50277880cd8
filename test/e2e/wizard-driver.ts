import { expect } from 'vitest'
import type { Lab } from '../lab/lab'
import type { Bridge } from './bridge'
import { fillSshForm } from './connect-form'
import { answerSudo } from './sudo-terminal'

/**
 * The wizard as a person drives it in the browser bridge, on one transport: 'ssh' (the connect form over SSH, the
 * sudo password typed into the terminal when sudo asks) or 'wsl' (the wsl.exe stand-in, no password).
 */
export interface WizardDriver {
  /** Connects through the connect screen (the picked key and a trusted host key over SSH). */
  connect(identity?: string): Promise<void>
  /** Dismisses a finished run's banner, then opens the step's screen from the navigation. */
  open(stepId: string): Promise<void>
  /** Waits for the job the last click started (typing the sudo password when it asks) and returns whether it was ok. */
  finish(seenPrompts: number, timeoutMs?: number): Promise<boolean>
}

export function wizardDriver(bridge: Bridge, lab: Lab, kind: 'ssh' | 'wsl'): WizardDriver {
  const { page } = bridge
  return {
    connect: async (identity) => {
      if (kind === 'ssh') {
        await fillSshForm(page, lab, { identity: identity ?? bridge.world.pickKey(lab.identityFile) })
        await page.getByTestId('connect-submit').click()
        await page.getByTestId('hostkey-trust').click({ timeout: 30_000 })
        await page.getByTestId('header-target').waitFor({ timeout: 30_000 })
        await answerSudo(bridge, lab.sudoPassword, 0)
      } else {
        await page.getByTestId('connect-screen').waitFor()
        await page.getByTestId('connect-kind-wsl').click()
        await page.getByTestId('connect-wsl-distro').fill('Ubuntu-24.04')
        await page.getByTestId('connect-submit').click()
        await page.getByTestId('header-target').waitFor({ timeout: 60_000 })
      }
    },
    open: async (stepId) => {
      if (await page.getByTestId('run-finished').isVisible()) await page.getByTestId('run-finished').getByRole('button', { name: 'Dismiss' }).click()
      await page.getByTestId(`nav-step-${stepId}`).click()
      await page.getByTestId(`step-screen-${stepId}`).waitFor()
    },
    finish: async (seenPrompts, timeoutMs = 840_000) => {
      if (kind === 'ssh') await answerSudo(bridge, lab.sudoPassword, seenPrompts)
      await expect.poll(() => page.getByTestId('run-finished').getAttribute('data-kind', { timeout: 1000 }).catch(() => null), { timeout: timeoutMs, interval: 500 }).not.toBeNull()
      return (await page.getByTestId('run-finished').getAttribute('data-ok')) === 'true'
    },
  }
}

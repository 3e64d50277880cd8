import type { Page } from 'playwright-core'
import type { Lab } from '../lab/lab'

/** Waits for the connect screen and fills its SSH fields for the lab, as a person would (the key file unless told not to). */
export async function fillSshForm(page: Page, lab: Lab, opts: { identity?: boolean } = {}): Promise<void> {
  await page.getByTestId('connect-screen').waitFor()
  await page.getByTestId('connect-ssh-user').fill(lab.user)
  await page.getByTestId('connect-ssh-host').fill(lab.host)
  await page.getByTestId('connect-ssh-port').fill(String(lab.port))
  if (opts.identity ?? true) await page.getByTestId('connect-ssh-identity').fill(lab.identityFile)
}

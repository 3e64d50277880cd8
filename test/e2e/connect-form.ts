import type { Page } from 'playwright-core'
import type { Lab } from '../lab/lab'

/**
 * Waits for the connect screen and fills its SSH fields for the lab, as a person would. The key file: `identity` if
 * it is a path (e.g. one picked under the user world's HOME), none if false, else the lab's own key.
 */
export async function fillSshForm(page: Page, lab: Lab, opts: { identity?: boolean | string } = {}): Promise<void> {
  await page.getByTestId('connect-screen').waitFor()
  await page.getByTestId('connect-ssh-user').fill(lab.user)
  await page.getByTestId('connect-ssh-host').fill(lab.host)
  await page.getByTestId('connect-ssh-port').fill(String(lab.port))
  const identity = typeof opts.identity === 'string' ? opts.identity : (opts.identity ?? true) ? lab.identityFile : undefined
  if (identity !== undefined) await page.getByTestId('connect-ssh-identity').fill(identity)
}

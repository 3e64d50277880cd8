import type { RunFinished } from '../../../shared/ipc-contract'

/** "Applying Host firewall (UFW)", "Re-checking all items", … */
export function jobTitle(kind: RunFinished['kind'], stepTitles: readonly string[]): string {
  const what = stepTitles.length === 0 ? 'all items' : stepTitles.length === 1 ? `“${stepTitles[0] ?? ''}”` : `${stepTitles.length} items`
  if (kind === 'apply') return `Applying ${what}`
  if (kind === 'undo') return `Undoing ${what}`
  if (kind === 'action') return `Running an action of ${what}`
  return `Re-checking ${what}`
}

import type { ChecklistEntry, ItemState } from '../shared/checklist-types'

/**
 * "Am I still hardened?" as one answer, the rule behind the CLI's exit code 0:
 * - every automated item that applies and that this app can check reads pass (or is waived with a reason);
 *   fail, error, interrupted, re-check needed and never checked all block. "Not set up yet" (no check exists in the
 *   app yet) and "not applicable" do not block: they are listed, never counted as pass;
 * - no manual confirmation is due (an expired key-rotation confirmation blocks; a never-given one is listed), and no
 *   manual item's probe fails (a reachable home device blocks, confirmed or not).
 */
export function blockingItems(entries: readonly ChecklistEntry[]): ItemState[] {
  return entries
    .filter(({ item, state }) => {
      // A manual item reads fail, error, interrupted or re-check needed only from its probe (router-isolation).
      if (item.check.kind === 'manual') return ['due', 'fail', 'error', 'interrupted', 'stale'].includes(state.status)
      return !['pass', 'waived', 'not-applicable', 'not-set-up'].includes(state.status)
    })
    .map((e) => e.state)
}

export function isHardened(entries: readonly ChecklistEntry[]): boolean {
  return entries.length > 0 && blockingItems(entries).length === 0
}

import { ITEM_STATUS_LABEL, type ChecklistEntry } from '../shared/checklist-types'
import type { CheckRecord } from '../shared/step'
import { blockingItems, isHardened } from '../checklist/verdict'

/** The checklist part of `verify` and `status`: every item, its state and why, then the verdict the exit code follows. */
export function formatChecklist(entries: readonly ChecklistEntry[]): string {
  const lines = ['', `Checklist (${entries.length} items):`]
  for (const { item, state } of entries) {
    const when = state.checkedAt ? `  (${state.confirmation ? 'confirmed' : 'checked'} ${state.checkedAt})` : ''
    const caveat = item.caveat ? ` (${item.caveat.charAt(0).toLowerCase() + item.caveat.slice(1)})` : ''
    lines.push(`${ITEM_STATUS_LABEL[state.status].toUpperCase().padEnd(17)} ${item.id.padEnd(24)} ${item.title}${caveat}: ${state.summary}${when}`)
  }
  const blocking = blockingItems(entries)
  lines.push(
    isHardened(entries)
      ? 'Hardened: every item this app can check passes (or is waived) and no confirmation is due.'
      : `Not hardened: ${blocking.map((s) => `${s.itemId} (${ITEM_STATUS_LABEL[s.status].toLowerCase()})`).join(', ')}.`,
  )
  return lines.join('\n')
}

/** `--json`: the checklist items with their states, the checks that ran, and the verdict. */
export function jsonChecklist(target: string, entries: readonly ChecklistEntry[], checks: readonly CheckRecord[]): string {
  return JSON.stringify(
    {
      target,
      pass: isHardened(entries),
      blocking: blockingItems(entries).map((s) => s.itemId),
      items: entries.map(({ item, state }) => ({ id: item.id, title: item.title, layer: item.layer, source: item.source, manual: item.check.kind === 'manual', ...(item.caveat ? { caveat: item.caveat } : {}), ...state })),
      checks,
    },
    null,
    2,
  )
}

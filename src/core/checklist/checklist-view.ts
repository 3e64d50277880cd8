import { deriveChecklist, type StateInputs } from '../../checklist/item-state'
import { CHECKLIST_ITEMS } from '../../checklist/items'
import type { ChecklistEntry, ItemState } from '../../shared/checklist-types'
import type { TargetKind } from '../../shared/step'
import type { ChecklistStore } from '../store/checklist-store'
import type { ManualStore } from '../store/manual-store'
import { currentCheckVersions } from './checklist-inputs'

/**
 * The checklist as the window shows it: every item of src/checklist/items.ts with its derived state (redacted
 * evidence, check time and version, confirmation, waiver). From the saved files only; never connects.
 */
export function checklistEntries(store: ChecklistStore, manual: ManualStore, key: string | null, kind: TargetKind | undefined, now = new Date()): ChecklistEntry[] {
  if (!kind) return []
  const record = key ? store.target(key) : undefined
  const m = key ? manual.forTarget(key) : { confirmations: {}, waivers: {} }
  const inputs: StateInputs = { kind, records: record?.items ?? {}, currentVersions: currentCheckVersions(), confirmations: m.confirmations, waivers: m.waivers, now }
  const states = deriveChecklist(CHECKLIST_ITEMS, inputs)
  return CHECKLIST_ITEMS.map((item, i) => ({ item, state: states[i] as ItemState }))
}

/** Latest check or confirmation time over all entries. */
export function lastCheckedAt(entries: readonly ChecklistEntry[]): string | null {
  const times = entries.map((e) => e.state.checkedAt).filter((t): t is string => t !== null && Number.isFinite(Date.parse(t)))
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b))
}

import { STEPS } from '../../catalog'
import type { StateInputs } from '../../checklist/item-state'
import { checkVersion } from '../runner/job'
import { AUDIT_CHECK_VERSION, AUDIT_STEP_ID } from './openclaw-audit'
import type { ChecklistStore } from '../store/checklist-store'
import type { ManualStore } from '../store/manual-store'

/**
 * The current check version of every existing check: the catalogue's steps plus OpenClaw's own audit (an item whose
 * step is missing reads "not set up yet").
 */
export function currentCheckVersions(): Record<string, string> {
  return { ...Object.fromEntries(STEPS.map((s) => [s.meta.id, checkVersion(s)])), [AUDIT_STEP_ID]: AUDIT_CHECK_VERSION }
}

export interface SavedChecklist {
  readonly key: string
  readonly label: string
  readonly inputs: StateInputs
}

/**
 * Everything the checklist needs for one target, from the saved files only (never connects): the saved check records,
 * the manual confirmations and waivers, and the catalogue's current versions. `key` defaults to the last target.
 */
export function savedChecklist(store: ChecklistStore, manual: ManualStore, key: string | null = store.lastTargetKey(), now = new Date()): SavedChecklist | undefined {
  const record = key ? store.target(key) : undefined
  if (!key || !record) return undefined
  const m = manual.forTarget(key)
  return {
    key,
    label: record.label,
    inputs: { kind: record.spec.kind, records: record.items, currentVersions: currentCheckVersions(), confirmations: m.confirmations, waivers: m.waivers, now },
  }
}

import type { CheckRecord } from '../../shared/step'
import type { HistoryEntry } from './store-schema'

/** How many saved results are kept per item. */
export const HISTORY_LIMIT = 20
/** Evidence lines kept in an item's earlier results (the latest keeps all of its, at most 40 after recordsFrom). */
export const OLDER_EVIDENCE_LINES = 10

export type ItemHistory = Readonly<Record<string, readonly HistoryEntry[]>>

/** An item whose result differs from what it was at a given time. */
export interface ItemChange {
  readonly stepId: string
  /** The result as it stood at that time, or null if the item had no result then. */
  readonly before: HistoryEntry | null
  /** The latest result. */
  readonly after: HistoryEntry
}

const sameResult = (a: HistoryEntry, b: CheckRecord) =>
  a.status === b.status && a.summary === b.summary && a.checkedAt === b.checkedAt && a.checkVersion === b.checkVersion && a.evidence.join('\n') === b.evidence.join('\n')

/**
 * Adds records to their items' histories (oldest first), keeping the last `limit` per item; earlier results keep only
 * their first evidence lines. A record identical to its item's latest entry (the same check saved twice) is not added
 * again. Pure.
 */
export function appendHistory(history: ItemHistory, records: readonly CheckRecord[], savedAt: string, limit = HISTORY_LIMIT): Record<string, HistoryEntry[]> {
  const out: Record<string, HistoryEntry[]> = Object.fromEntries(Object.entries(history).map(([id, entries]) => [id, [...entries]]))
  for (const r of records) {
    const entries = out[r.stepId] ?? []
    const last = entries.at(-1)
    if (last && sameResult(last, r)) continue
    const older = entries.map((e) => (e.evidence.length > OLDER_EVIDENCE_LINES ? { ...e, evidence: e.evidence.slice(0, OLDER_EVIDENCE_LINES) } : e))
    out[r.stepId] = [...older, { ...r, evidence: [...r.evidence], savedAt }].slice(-limit)
  }
  return out
}

/** The latest result of every item, as the checklist shows it. */
export function latestItems(history: ItemHistory): Record<string, CheckRecord> {
  const items: Record<string, CheckRecord> = {}
  for (const [id, entries] of Object.entries(history)) {
    const last = entries.at(-1)
    if (!last) continue
    const { savedAt: _savedAt, ...record } = last
    items[id] = record
  }
  return items
}

/**
 * Items whose latest result was saved after `since` and differs from the result the item had at `since`: another
 * status, another check version, or no result before. Same status and version with new output is not a change.
 */
export function changesSince(history: ItemHistory, since: Date): ItemChange[] {
  const t = since.getTime()
  const changes: ItemChange[] = []
  for (const [stepId, entries] of Object.entries(history)) {
    const after = entries.at(-1)
    if (!after || Date.parse(after.savedAt) <= t) continue
    const before = [...entries].reverse().find((e) => Date.parse(e.savedAt) <= t) ?? null
    if (before && before.status === after.status && before.checkVersion === after.checkVersion) continue
    changes.push({ stepId, before, after })
  }
  return changes.sort((a, b) => a.stepId.localeCompare(b.stepId))
}

/** The distinct times results were saved, newest first (the screen compares with the second to show "since last time"). */
export function runTimes(history: ItemHistory): string[] {
  const times = new Set<string>()
  for (const entries of Object.values(history)) for (const e of entries) times.add(e.savedAt)
  return [...times].sort((a, b) => Date.parse(b) - Date.parse(a))
}

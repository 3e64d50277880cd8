import type { ChecklistView } from '../../../../shared/ipc-contract'
import { formatLocal, formatRelative } from '../../components/formatTime'

export interface SavedNoticeInput {
  readonly checklist: ChecklistView
  readonly liveChecked: ReadonlySet<string>
  readonly connected: boolean
  readonly connecting: boolean
  readonly now: number
}

/** "Last checked at … (saved), not re-checked yet", or null once every step was re-checked live. */
export function savedNotice({ checklist, liveChecked, connected, connecting, now }: SavedNoticeInput): string | null {
  if (checklist.checking || checklist.items.length === 0) return null
  if (checklist.items.every((i) => liveChecked.has(i.stepId))) return null
  const times = checklist.items.map((i) => i.checkedAt).filter((t): t is string => t !== null)
  const latest = checklist.lastCheckedAt ?? times.sort().at(-1)
  const next = connecting ? 'Connecting to re-check it…' : connected ? 'Press Re-check all to check it now.' : 'Connect to re-check it.'
  if (!latest) return `Nothing has been checked on this machine yet. ${next}`
  return `Last checked at ${formatLocal(latest)} (${formatRelative(latest, now)}): this is the saved state, not re-checked yet. ${next}`
}

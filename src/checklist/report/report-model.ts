import type { TargetKind } from '../../shared/step'
import type { ChecklistItem } from '../checklist-item'
import { countStatuses, deriveChecklist, type ItemState, type ItemStatus, type StateInputs } from '../item-state'
import { redact } from '../redact'

/** Everything a report shows. Built by buildReport (which redacts); the renderers only format it. */
export interface ChecklistReport {
  readonly appVersion: string
  /** ISO 8601. */
  readonly generatedAt: string
  readonly target: { readonly label: string; readonly kind: TargetKind }
  /** Latest check or confirmation time over all items. */
  readonly lastCheckedAt: string | null
  readonly counts: Readonly<Record<ItemStatus, number>>
  readonly rows: readonly { readonly item: ChecklistItem; readonly state: ItemState }[]
}

export type ReportFormat = 'html' | 'md' | 'json'
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json']

/** Deep copy with every string redacted (state text comes from the target; this is the last line of defence). */
function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T
  return value
}

export interface ReportInputs extends StateInputs {
  readonly appVersion: string
  readonly targetLabel: string
  readonly items: readonly ChecklistItem[]
}

export function buildReport(inputs: ReportInputs): ChecklistReport {
  const states = deriveChecklist(inputs.items, inputs).map((s) => redactDeep(s))
  const times = states.map((s) => s.checkedAt).filter((t): t is string => t !== null).sort()
  return {
    appVersion: inputs.appVersion,
    generatedAt: inputs.now.toISOString(),
    target: { label: redact(inputs.targetLabel), kind: inputs.kind },
    lastCheckedAt: times[times.length - 1] ?? null,
    counts: countStatuses(states),
    rows: inputs.items.map((item, i) => ({ item, state: states[i] as ItemState })),
  }
}

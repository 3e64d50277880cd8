import { ITEM_STATUS_LABEL, type ItemState, type ItemStatus, type ManualConfirmation, type StepEvidence, type Waiver } from '../shared/checklist-types'
import type { CheckRecord, TargetKind } from '../shared/step'
import type { ChecklistItem } from './checklist-item'
import { redact, redactLines } from './redact'

// The state types live in src/shared (the window needs them too); the model keeps exporting them from here.
export { ITEM_STATUS_LABEL, type ItemState, type ItemStatus, type ManualConfirmation, type StepEvidence, type Waiver } from '../shared/checklist-types'

export interface StateInputs {
  readonly kind: TargetKind
  /** Saved check records of the target, by step id. */
  readonly records: Readonly<Record<string, CheckRecord>>
  /** The catalogue's current check version per existing step id (missing id = no such step yet). */
  readonly currentVersions: Readonly<Record<string, string>>
  readonly confirmations?: Readonly<Record<string, ManualConfirmation>>
  readonly waivers?: Readonly<Record<string, Waiver>>
  readonly now: Date
}

/** Worst first: the item reads as its worst step. */
const SEVERITY: readonly StepEvidence['status'][] = ['fail', 'error', 'interrupted', 'stale', 'unknown', 'missing', 'pass', 'not-applicable']

function isPast(iso: string | undefined, now: Date): boolean {
  if (!iso) return false
  const t = Date.parse(iso)
  return Number.isFinite(t) && t <= now.getTime()
}

function stepEvidence(stepId: string, inputs: StateInputs): StepEvidence {
  const current = inputs.currentVersions[stepId]
  const record = inputs.records[stepId]
  if (current === undefined) {
    return { stepId, status: 'missing', summary: `No step "${stepId}" in the catalogue yet.`, lines: [], checkedAt: record?.checkedAt ?? null, checkVersion: record?.checkVersion ?? '', currentVersion: '' }
  }
  if (!record || record.status === 'unknown' || record.checkedAt === null) {
    return { stepId, status: 'unknown', summary: 'Not checked yet.', lines: [], checkedAt: null, checkVersion: '', currentVersion: current }
  }
  const base = { stepId, lines: redactLines(record.evidence), checkedAt: record.checkedAt, checkVersion: record.checkVersion, currentVersion: current }
  if (record.checkVersion !== current) {
    return { ...base, status: 'stale', summary: `Re-check needed: the check changed since this result (${record.status}: ${redact(record.summary)})` }
  }
  return { ...base, status: record.status, summary: redact(record.summary) }
}

function latest(times: readonly (string | null)[]): string | null {
  const valid = times.filter((t): t is string => t !== null && Number.isFinite(Date.parse(t)))
  return valid.length === 0 ? null : valid.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b))
}

function unwaived(item: ChecklistItem, inputs: StateInputs): ItemState {
  if (!item.targets.includes(inputs.kind)) {
    return { itemId: item.id, status: 'not-applicable', summary: `Does not apply to ${inputs.kind === 'wsl' ? 'a WSL distro' : 'an SSH machine'}.`, evidence: [], checkedAt: null }
  }
  const check = item.check
  if (check.kind === 'manual') {
    const manual = manualState(item, inputs)
    return check.probe ? withProbe(manual, stepEvidence(check.probe, inputs)) : manual
  }
  const ids = check.stepIds.filter((id) => check.onlyOn?.[id]?.includes(inputs.kind) ?? true)
  const evidence = ids.map((id) => stepEvidence(id, inputs))
  const checkedAt = latest(evidence.map((e) => e.checkedAt))
  const worst = SEVERITY.find((s) => evidence.some((e) => e.status === s)) ?? 'unknown'
  const missing = evidence.filter((e) => e.status === 'missing').map((e) => e.stepId)
  // A missing step hides a pass or an unknown, never a failure: the item cannot pass until every step exists.
  if (missing.length > 0 && (worst === 'pass' || worst === 'unknown' || worst === 'missing' || worst === 'not-applicable')) {
    return { itemId: item.id, status: 'not-set-up', summary: `Not set up yet: this app has no check for it yet (${missing.join(', ')}).`, evidence, checkedAt }
  }
  const bad = evidence.find((e) => e.status === worst)
  switch (worst) {
    case 'pass':
      return { itemId: item.id, status: 'pass', summary: evidence.map((e) => e.summary).join(' '), evidence, checkedAt }
    case 'unknown':
      return { itemId: item.id, status: 'unknown', summary: 'Not checked yet.', evidence, checkedAt }
    case 'not-applicable':
      // Only when every step of the item says so (a passing step beside it makes the item a pass, above).
      return { itemId: item.id, status: 'not-applicable', summary: evidence.map((e) => e.summary).join(' '), evidence, checkedAt }
    default:
      return { itemId: item.id, status: worst as ItemStatus, summary: bad?.summary ?? worst, evidence, checkedAt }
  }
}

/** A manual item from its confirmation alone. */
function manualState(item: ChecklistItem, inputs: StateInputs): ItemState {
  const c = inputs.confirmations?.[item.id]
  if (!c) return { itemId: item.id, status: 'unknown', summary: 'Not confirmed yet: no command can check this; confirm it by hand.', evidence: [], checkedAt: null }
  const confirmation = { ...c, note: redact(c.note), by: redact(c.by) }
  const extra = c.expiresAt ? { dueAt: c.expiresAt } : {}
  if (isPast(c.expiresAt, inputs.now)) {
    return { itemId: item.id, status: 'due', summary: `Due since ${c.expiresAt}: confirm it again.`, evidence: [], checkedAt: c.at, confirmation, ...extra }
  }
  return { itemId: item.id, status: 'confirmed', summary: `Confirmed by ${confirmation.by} on ${c.at.slice(0, 10)}${c.expiresAt ? `; due again ${c.expiresAt.slice(0, 10)}` : ''}.`, evidence: [], checkedAt: c.at, confirmation, ...extra }
}

/**
 * A manual item with a probe beside its confirmation (router-isolation): the probe's evidence is shown with it. A probe
 * that fails (a home device answers), errs, was interrupted or needs a re-check decides the item, confirmed or not; a
 * passing probe with a valid confirmation passes it (without one the item still waits for the person's word); a probe
 * with nothing to probe (no devices named: not applicable) or never run leaves the confirmation alone, with a note.
 */
function withProbe(manual: ItemState, probe: StepEvidence): ItemState {
  if (probe.status === 'missing') return manual
  const evidence = [probe]
  const checkedAt = latest([manual.checkedAt, probe.checkedAt])
  const by = manual.confirmation ? ` You confirmed it by hand (${manual.confirmation.by}, ${manual.confirmation.at.slice(0, 10)}), but the probe decides.` : ''
  switch (probe.status) {
    case 'not-applicable':
    case 'unknown':
      return { ...manual, evidence, summary: `${manual.summary} The probe (step ${probe.stepId}) can check it too: name your home devices there and run it.` }
    case 'pass':
      if (manual.status === 'confirmed') return { ...manual, status: 'pass', evidence, checkedAt, summary: `${manual.summary.replace(/\.$/, ';')} the probe: ${probe.summary}` }
      return { ...manual, evidence, checkedAt, summary: `${manual.summary} The probe: ${probe.summary}` }
    default:
      return { ...manual, status: probe.status, evidence, checkedAt, summary: `${probe.summary}${by}` }
  }
}

/** Derives an item's state from the saved records, confirmations and waivers. Pure. */
export function deriveItemState(item: ChecklistItem, inputs: StateInputs): ItemState {
  const state = unwaived(item, inputs)
  const w = inputs.waivers?.[item.id]
  if (!w || state.status === 'not-applicable' || state.status === 'pass' || state.status === 'confirmed') return state
  if (isPast(w.until, inputs.now)) return { ...state, summary: `${state.summary} (A waiver expired on ${w.until}.)` }
  const waiver = { ...w, reason: redact(w.reason), by: redact(w.by) }
  return { ...state, status: 'waived', underlying: state.status, waiver, summary: `Waived by ${waiver.by}: ${waiver.reason} (otherwise: ${ITEM_STATUS_LABEL[state.status].toLowerCase()}).` }
}

/** Derives every item's state, in checklist order. */
export function deriveChecklist(items: readonly ChecklistItem[], inputs: StateInputs): ItemState[] {
  return items.map((item) => deriveItemState(item, inputs))
}

/** A reminder date `days` after `from` (ISO 8601). */
export function reminderDate(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString()
}

/** Counts per status, for the header of the screen and the report. */
export function countStatuses(states: readonly ItemState[]): Record<ItemStatus, number> {
  const counts = Object.fromEntries(Object.keys(ITEM_STATUS_LABEL).map((k) => [k, 0])) as Record<ItemStatus, number>
  for (const s of states) counts[s.status]++
  return counts
}

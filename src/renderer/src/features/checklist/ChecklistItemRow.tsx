import { Button, Card, Link, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { ChecklistEntry } from '../../../../shared/checklist-types'
import type { StepChange } from '../../../../shared/ipc-contract'
import type { CheckRecord } from '../../../../shared/step'
import { formatLocal, formatRelative } from '../../components/formatTime'
import { EvidenceBlock, EvidenceToggle } from '../../components/Evidence'
import { Clock16Regular } from '../../components/icons'
import { StatusBadge } from '../../components/StatusBadge'

const useStyles = makeStyles({
  card: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}` },
  grid: { display: 'grid', gridTemplateColumns: '150px 1fr auto', alignItems: 'start', columnGap: tokens.spacingHorizontalL },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  summary: { color: tokens.colorNeutralForeground2 },
  caveat: { color: tokens.colorPaletteDarkOrangeForeground1, fontStyle: 'italic' },
  side: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS },
  when: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  step: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS, marginTop: tokens.spacingVerticalXS },
  stepLink: { whiteSpace: 'nowrap' },
  stepSummary: { color: tokens.colorNeutralForeground3, flexBasis: '100%' },
})

export interface ChecklistItemRowProps {
  readonly entry: ChecklistEntry
  /** The catalogue steps' saved records (for the steps behind this item). */
  readonly records: readonly CheckRecord[]
  /** Steps whose latest result differs from the one before (what changed since last time). */
  readonly changes?: readonly StepChange[]
  readonly stepTitle: (stepId: string) => string | null
  readonly now: number
  readonly onOpenStep?: (stepId: string) => void
  readonly onConfirm?: () => void
  readonly onWaive?: () => void
  readonly onClear?: () => void
}

function evidenceText(entry: ChecklistEntry): string {
  const s = entry.state
  const parts: string[] = []
  for (const e of s.evidence) {
    parts.push(`# ${e.stepId}: ${e.status}${e.checkedAt ? `, checked ${e.checkedAt}` : ''}${e.checkVersion ? `, check version ${e.checkVersion}` : ''}`)
    parts.push(...e.lines)
  }
  if (s.confirmation) parts.push(`Confirmed by ${s.confirmation.by} at ${s.confirmation.at}: ${s.confirmation.note}${s.confirmation.expiresAt ? ` (reminder ${s.confirmation.expiresAt})` : ''}`)
  if (s.waiver) parts.push(`Waived by ${s.waiver.by} at ${s.waiver.at}: ${s.waiver.reason}${s.waiver.until ? ` (until ${s.waiver.until})` : ''}`)
  return parts.join('\n')
}

/** One checklist item: its state, why, when it was checked, the steps behind it, evidence, and Confirm / Waive. */
export function ChecklistItemRow({ entry, records, changes = [], stepTitle, now, onOpenStep, onConfirm, onWaive, onClear }: ChecklistItemRowProps): React.JSX.Element {
  const styles = useStyles()
  const [open, setOpen] = useState(false)
  const { item, state } = entry
  const id = item.id
  const evidence = evidenceText(entry)
  const evidenceId = `checklist-item-evidence-${id}`
  // The steps behind the item; for a manual item its probe (router-isolation), shown beside the confirmation.
  const stepIds: readonly string[] = item.check.kind === 'steps' ? item.check.stepIds : item.check.probe ? [item.check.probe] : []
  const steps = records.filter((r) => stepIds.includes(r.stepId))
  const manual = item.check.kind === 'manual'
  const canWaive = state.status !== 'pass' && state.status !== 'confirmed' && state.status !== 'not-applicable' && state.status !== 'waived'
  return (
    <Card className={styles.card} data-testid={`checklist-item-${id}`} data-state={state.status}>
      <div className={styles.grid}>
        <div>
          <StatusBadge status={state.status} labelled testId={`checklist-item-state-${id}`} />
        </div>
        <div className={styles.main}>
          <Text className={styles.title}>{item.title}</Text>
          {item.caveat && (
            <Text size={200} className={styles.caveat} data-testid={`checklist-item-caveat-${id}`}>
              {item.caveat}
            </Text>
          )}
          <Text className={styles.summary} data-testid={`checklist-item-summary-${id}`}>
            {state.summary}
          </Text>
          {state.dueAt && state.status === 'confirmed' && (
            <Text size={200} data-testid={`checklist-item-due-${id}`}>
              Reminder: confirm again by {formatLocal(state.dueAt)}
            </Text>
          )}
          {steps.map((r) => (
            <div key={r.stepId} className={styles.step} data-testid={`checklist-row-${r.stepId}`} data-status={r.status}>
              <Text size={200}>Step:</Text>
              <StatusBadge status={r.status} size="small" testId={`check-status-${r.stepId}`} />
              {onOpenStep ? (
                <Link className={styles.stepLink} onClick={() => onOpenStep(r.stepId)} data-testid={`checklist-open-${r.stepId}`}>
                  {stepTitle(r.stepId) ?? r.stepId}
                </Link>
              ) : (
                <Text className={styles.stepLink}>{stepTitle(r.stepId) ?? r.stepId}</Text>
              )}
              <Text size={200} className={styles.stepSummary}>
                {r.summary}
              </Text>
              {changes
                .filter((c) => c.stepId === r.stepId)
                .map((c) => (
                  <Text key={c.stepId} size={200} weight="semibold" data-testid={`checklist-change-${c.stepId}`} data-from={c.from} data-to={c.to}>
                    Changed since the last check: it was {c.from}
                    {c.since ? ` (${formatLocal(c.since)})` : ''}.
                  </Text>
                ))}
            </div>
          ))}
        </div>
        <div className={styles.side}>
          <Text size={200} className={styles.when} title={state.checkedAt ? formatLocal(state.checkedAt) : undefined} data-testid={`checklist-item-checked-${id}`}>
            <Clock16Regular aria-hidden />
            {state.checkedAt ? `${manual ? 'confirmed' : 'checked'} ${formatRelative(state.checkedAt, now)} (${formatLocal(state.checkedAt)})` : manual ? 'never confirmed' : 'never checked'}
          </Text>
          <div className={styles.actions}>
            {manual && onConfirm && (
              <Button size="small" appearance={state.status === 'confirmed' ? 'subtle' : 'primary'} onClick={onConfirm} data-testid={`checklist-confirm-${id}`}>
                {state.status === 'confirmed' || state.status === 'due' ? 'Confirm again' : 'Confirm'}
              </Button>
            )}
            {canWaive && onWaive && (
              <Button size="small" appearance="subtle" onClick={onWaive} data-testid={`checklist-waive-${id}`}>
                Waive
              </Button>
            )}
            {(state.waiver || state.confirmation) && onClear && (
              <Button size="small" appearance="subtle" onClick={onClear} data-testid={`checklist-clear-${id}`}>
                {state.waiver ? 'Remove waiver' : 'Clear'}
              </Button>
            )}
            <EvidenceToggle
              open={open}
              onToggle={() => setOpen((o) => !o)}
              empty={evidence === ''}
              label="Evidence"
              controls={evidenceId}
              testId={`checklist-item-evidence-toggle-${id}`}
            />
          </div>
        </div>
      </div>
      {open && evidence !== '' && (
        <EvidenceBlock id={evidenceId} label={`Evidence for ${item.title}`} text={evidence} />
      )}
    </Card>
  )
}

import { Card, Link, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { CheckRecord } from '../../../../shared/step'
import { formatLocal, formatRelative } from '../../components/formatTime'
import { EvidenceBlock, EvidenceToggle } from '../../components/Evidence'
import { Clock16Regular } from '../../components/icons'
import { StatusBadge } from '../../components/StatusBadge'

const useStyles = makeStyles({
  card: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}` },
  grid: { display: 'grid', gridTemplateColumns: '96px 1fr auto auto', alignItems: 'center', columnGap: tokens.spacingHorizontalL },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  summary: { color: tokens.colorNeutralForeground2 },
  when: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
})

export interface ChecklistRowProps {
  readonly item: CheckRecord
  readonly title: string
  readonly now: number
  /** Opens the item's step; absent in read-only lists. */
  readonly onOpen?: () => void
}

/** One checklist item: status, summary, when it was checked, and the evidence on demand. */
export function ChecklistRow({ item, title, now, onOpen }: ChecklistRowProps): React.JSX.Element {
  const styles = useStyles()
  const [open, setOpen] = useState(false)
  const id = item.stepId
  const evidenceId = `checklist-evidence-${id}`
  return (
    <Card className={styles.card} data-testid={`checklist-row-${id}`} data-status={item.status}>
      <div className={styles.grid}>
        <div>
          <StatusBadge status={item.status} testId={`check-status-${id}`} />
        </div>
        <div className={styles.main}>
          {onOpen ? (
            <Link className={styles.title} onClick={onOpen} data-testid={`checklist-open-${id}`}>
              {title}
            </Link>
          ) : (
            <Text className={styles.title}>{title}</Text>
          )}
          <Text className={styles.summary} data-testid={`checklist-summary-${id}`}>
            {item.summary}
          </Text>
        </div>
        <Text size={200} className={styles.when} title={item.checkedAt ? formatLocal(item.checkedAt) : undefined} data-testid={`checklist-checked-${id}`}>
          <Clock16Regular aria-hidden />
          {item.checkedAt ? `checked ${formatRelative(item.checkedAt, now)} (${formatLocal(item.checkedAt)})` : 'never checked'}
        </Text>
        <EvidenceToggle
          open={open}
          onToggle={() => setOpen((o) => !o)}
          empty={item.evidence.length === 0}
          label={`Evidence (${item.evidence.length})`}
          controls={evidenceId}
          testId={`checklist-evidence-toggle-${id}`}
        />
      </div>
      {open && item.evidence.length > 0 && (
        <EvidenceBlock id={evidenceId} label={`Evidence for ${title}`} text={item.evidence.join('\n')} />
      )}
    </Card>
  )
}

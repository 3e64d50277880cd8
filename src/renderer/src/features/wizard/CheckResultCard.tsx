import { Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { CheckRecord } from '../../../../shared/step'
import { formatChecked } from '../../components/formatTime'
import { StatusBadge } from '../../components/StatusBadge'
import { useNow } from '../../components/useNow'
import { codeBlock } from '../../components/codeBlock'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  summary: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  muted: { color: tokens.colorNeutralForeground3 },
  evidence: {
    ...codeBlock,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    maxHeight: '200px',
  },
})

export interface CheckResultCardProps {
  readonly stepId: string
  readonly record: CheckRecord | undefined
  /** Shown when the check was not re-run since the app started. */
  readonly stale: boolean
}

/** The step's check result: status, summary, evidence, and when it was checked. */
export function CheckResultCard({ stepId, record, stale }: CheckResultCardProps): React.JSX.Element {
  const styles = useStyles()
  const now = useNow()
  const status = record?.status ?? 'unknown'
  return (
    <Card className={styles.card} data-testid={`check-result-${stepId}`}>
      <CardHeader
        header={
          <Text weight="semibold" size={400} as="h2">
            Check result
          </Text>
        }
        action={<StatusBadge status={status} testId={`check-status-${stepId}`} />}
      />
      <Text className={styles.summary} data-testid={`check-summary-${stepId}`}>
        {record?.summary ?? 'Not checked yet.'}
      </Text>
      {record && record.evidence.length > 0 && (
        <pre className={styles.evidence} aria-label="Evidence" data-testid={`check-evidence-${stepId}`}>
          {record.evidence.join('\n')}
        </pre>
      )}
      <Text size={200} className={styles.muted} data-testid={`check-time-${stepId}`}>
        {formatChecked(record?.checkedAt ?? null, now)}
        {stale && record?.checkedAt ? ' · saved result, not re-checked yet' : ''}
      </Text>
    </Card>
  )
}

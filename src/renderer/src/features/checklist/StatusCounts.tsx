import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import type { CheckRecord, CheckStatus } from '../../../../shared/step'

const useStyles = makeStyles({
  strip: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: '110px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
    borderLeft: '4px solid transparent',
  },
  count: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase600 },
  label: { color: tokens.colorNeutralForeground3 },
  pass: { borderLeftColor: tokens.colorPaletteGreenBorderActive },
  fail: { borderLeftColor: tokens.colorPaletteRedBorderActive },
  error: { borderLeftColor: tokens.colorPaletteDarkOrangeBorderActive },
  interrupted: { borderLeftColor: tokens.colorPaletteMarigoldBorderActive },
  unknown: { borderLeftColor: tokens.colorNeutralStroke1 },
})

const LABELS: Record<CheckStatus, string> = { pass: 'Passing', fail: 'Failing', error: 'Could not check', interrupted: 'Interrupted', unknown: 'Not checked' }
const ORDER: readonly CheckStatus[] = ['pass', 'fail', 'error', 'interrupted', 'unknown']

/** How many items have each status. */
export function StatusCounts({ items }: { readonly items: readonly CheckRecord[] }): React.JSX.Element {
  const styles = useStyles()
  return (
    <div className={styles.strip} role="group" aria-label="Summary">
      {ORDER.map((status) => (
        <div key={status} className={mergeClasses(styles.tile, styles[status])} data-testid={`checklist-count-${status}`}>
          <Text className={styles.count}>{items.filter((i) => i.status === status).length}</Text>
          <Text size={200} className={styles.label}>
            {LABELS[status]}
          </Text>
        </div>
      ))}
    </div>
  )
}

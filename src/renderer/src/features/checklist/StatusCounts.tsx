import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components'
import type { ChecklistEntry, ItemStatus } from '../../../../shared/checklist-types'
import type { CheckRecord } from '../../../../shared/step'

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
  manual: { borderLeftColor: tokens.colorBrandStroke1 },
  notSetUp: { borderLeftColor: tokens.colorNeutralStroke2 },
})

type Tile = 'pass' | 'fail' | 'error' | 'interrupted' | 'unknown' | 'manual' | 'not-set-up'
const LABELS: Record<Tile, string> = { pass: 'Passing', fail: 'Failing or due', error: 'Could not check', interrupted: 'Interrupted', unknown: 'Not checked / re-check', manual: 'Confirmed or waived', 'not-set-up': 'Not set up yet' }
const TILE_OF: Record<ItemStatus, Tile | null> = { pass: 'pass', fail: 'fail', due: 'fail', error: 'error', interrupted: 'interrupted', unknown: 'unknown', stale: 'unknown', confirmed: 'manual', waived: 'manual', 'not-set-up': 'not-set-up', 'not-applicable': null }
const ORDER: readonly Tile[] = ['pass', 'fail', 'error', 'interrupted', 'unknown', 'manual', 'not-set-up']
const CLASS: Record<Tile, 'pass' | 'fail' | 'error' | 'interrupted' | 'unknown' | 'manual' | 'notSetUp'> = { pass: 'pass', fail: 'fail', error: 'error', interrupted: 'interrupted', unknown: 'unknown', manual: 'manual', 'not-set-up': 'notSetUp' }

/** How many applicable items read each state (per-step records when no item list came). */
export function StatusCounts({ entries, items }: { readonly entries: readonly ChecklistEntry[]; readonly items: readonly CheckRecord[] }): React.JSX.Element {
  const styles = useStyles()
  const tiles: Tile[] = entries.length > 0 ? entries.map((e) => TILE_OF[e.state.status]).filter((t): t is Tile => t !== null) : items.flatMap((i): Tile[] => (i.status === 'not-applicable' ? [] : [i.status]))
  return (
    <div className={styles.strip} role="group" aria-label="Summary">
      {ORDER.map((tile) => (
        <div key={tile} className={mergeClasses(styles.tile, styles[CLASS[tile]])} data-testid={`checklist-count-${tile}`}>
          <Text className={styles.count}>{tiles.filter((t) => t === tile).length}</Text>
          <Text size={200} className={styles.label}>
            {LABELS[tile]}
          </Text>
        </div>
      ))}
    </div>
  )
}

import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components'
import type { ChecklistEntry } from '../../../../shared/checklist-types'
import type { ChecklistView } from '../../../../shared/ipc-contract'
import type { StepView } from '../../../../shared/step'
import { useNow } from '../../components/useNow'
import { ChecklistItemRow } from './ChecklistItemRow'
import { ChecklistRow } from './ChecklistRow'
import { sections } from './sections'

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalL },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: 'none' },
})

export interface ChecklistItemsProps {
  readonly checklist: ChecklistView
  readonly steps: readonly StepView[]
  readonly onOpenStep?: (stepId: string) => void
  /** Manual actions; absent in read-only lists (the connect screen). */
  readonly onConfirm?: (entry: ChecklistEntry) => void
  readonly onWaive?: (entry: ChecklistEntry) => void
  readonly onClear?: (entry: ChecklistEntry) => void
}

/** Every checklist item, grouped by section, with its state. Falls back to the per-step rows when no item list came. */
export function ChecklistItems({ checklist, steps, onOpenStep, onConfirm, onWaive, onClear }: ChecklistItemsProps): React.JSX.Element {
  const styles = useStyles()
  const now = useNow()
  const entries = checklist.entries ?? []
  const stepTitle = (id: string) => steps.find((s) => s.id === id)?.title ?? null
  if (entries.length === 0) {
    return (
      <ul className={styles.list} aria-label="Checklist items" data-testid="checklist-items">
        {checklist.items.map((item) => (
          <li key={item.stepId}>
            <ChecklistRow item={item} title={stepTitle(item.stepId) ?? item.stepId} now={now} {...(onOpenStep ? { onOpen: () => onOpenStep(item.stepId) } : {})} />
          </li>
        ))}
      </ul>
    )
  }
  return (
    <div data-testid="checklist-items" data-count={entries.length}>
      {sections(entries).map((section) => (
        <section key={section.id} className={styles.section} aria-label={section.title} data-testid={`checklist-section-${section.id}`}>
          <Subtitle2 as="h2">{section.title}</Subtitle2>
          <ul className={styles.list}>
            {section.entries.map((entry) => (
              <li key={entry.item.id}>
                <ChecklistItemRow
                  entry={entry}
                  records={checklist.items}
                  changes={checklist.changes ?? []}
                  stepTitle={stepTitle}
                  now={now}
                  {...(onOpenStep ? { onOpenStep } : {})}
                  {...(onConfirm ? { onConfirm: () => onConfirm(entry) } : {})}
                  {...(onWaive ? { onWaive: () => onWaive(entry) } : {})}
                  {...(onClear ? { onClear: () => onClear(entry) } : {})}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}

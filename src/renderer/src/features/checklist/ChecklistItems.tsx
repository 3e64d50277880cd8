import { makeStyles, tokens } from '@fluentui/react-components'
import type { ChecklistView } from '../../../../shared/ipc-contract'
import type { StepView } from '../../../../shared/step'
import { useNow } from '../../components/useNow'
import { ChecklistRow } from './ChecklistRow'

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, listStyleType: 'none' },
})

export interface ChecklistItemsProps {
  readonly checklist: ChecklistView
  readonly steps: readonly StepView[]
  readonly onOpenStep?: (stepId: string) => void
}

/** The checklist's rows, in catalogue order. */
export function ChecklistItems({ checklist, steps, onOpenStep }: ChecklistItemsProps): React.JSX.Element {
  const styles = useStyles()
  const now = useNow()
  return (
    <ul className={styles.list} aria-label="Checklist items" data-testid="checklist-items">
      {checklist.items.map((item) => {
        const title = steps.find((s) => s.id === item.stepId)?.title ?? item.stepId
        return (
          <li key={item.stepId}>
            <ChecklistRow item={item} title={title} now={now} {...(onOpenStep ? { onOpen: () => onOpenStep(item.stepId) } : {})} />
          </li>
        )
      })}
    </ul>
  )
}

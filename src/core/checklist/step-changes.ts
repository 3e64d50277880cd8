import type { StepChange } from '../../shared/ipc-contract'
import type { ChecklistStore } from '../store/checklist-store'

/** For each step, whether its latest saved result has a different status from the one saved before it. */
export function stepChanges(store: ChecklistStore, key: string, stepIds: readonly string[]): StepChange[] {
  const changes: StepChange[] = []
  for (const stepId of stepIds) {
    const history = store.history(key, stepId)
    const last = history.at(-1)
    const before = history.at(-2)
    if (last && before && last.status !== before.status) changes.push({ stepId, from: before.status, to: last.status, since: before.checkedAt })
  }
  return changes
}

import { stepById } from '../../catalog'
import type { CheckRecord } from '../../shared/step'
import { runChecksViaControl } from '../runner/job'
import type { Target } from '../targets/target'

/**
 * After a successful apply/undo of a step flagged `restartsWslDistro`, restarts the distribution (the target's
 * `restart()`: `wsl.exe --terminate NAME`, then its channels reconnect on the next request) and checks the steps
 * again over the fresh channel. Returns the new records, or null when nothing needed a restart.
 */
export async function restartIfNeeded(target: Target, kind: 'apply' | 'undo' | 'check', stepIds: readonly string[]): Promise<CheckRecord[] | null> {
  if (kind === 'check' || !target.restart) return null
  if (!stepIds.some((id) => stepById(id)?.meta.restartsWslDistro)) return null
  await target.restart()
  return runChecksViaControl(target, stepIds)
}

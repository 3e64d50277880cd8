import type { CheckRecord } from '../../shared/step'
import { runChecksViaControl, type JobEnv, type JobItem } from '../runner/job'
import type { Target } from '../targets/target'
import { jobEffects } from './step-effects'

/**
 * After a successful job with the effect 'restart-wsl-distro' (step-effects.ts), restarts the distribution (the
 * target's `restart()`: `wsl.exe --terminate NAME`, then its channels reconnect on the next request) and checks the
 * job's steps again over the fresh channel. Returns the new records, or null when nothing needed a restart.
 */
export async function restartIfNeeded(target: Target, items: readonly JobItem[], env: JobEnv = {}): Promise<CheckRecord[] | null> {
  if (!target.restart || !jobEffects(items).restartWslDistro) return null
  await target.restart()
  return runChecksViaControl(target, [...new Set(items.map((i) => i.stepId))], undefined, env)
}

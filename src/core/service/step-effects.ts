import { stepById } from '../../catalog'
import type { StepEffect } from '../../shared/step'
import type { JobItem } from '../runner/job'

/** What the service does around one job for the effects (`meta.effects`) of its items' steps. */
export interface JobEffects {
  /**
   * 'ssh-lockout-guard': the steps applied in this job whose apply can lock SSH out. KeySetup.guardFor refuses the job
   * before the app key's login is proven and proves a fresh key-only login while it runs.
   */
  readonly lockoutGuard: readonly string[]
  /** 'restart-wsl-distro': after a successful apply/undo/extra action, `wsl.exe --terminate`, reconnect, check again. */
  readonly restartWslDistro: boolean
  /** 'restart-gateway' / 'recreate-sandbox': done by the scripts themselves (lib/openclaw.sh); only shown. */
  readonly scriptSide: readonly StepEffect[]
}

/** The one place that says what each effect means for a job (the steps' effects are data: `meta.effects`). */
export function jobEffects(items: readonly JobItem[]): JobEffects {
  const lockoutGuard: string[] = []
  let restartWslDistro = false
  const scriptSide = new Set<StepEffect>()
  for (const item of items) {
    const step = stepById(item.stepId)
    const changes = item.action !== 'check'
    for (const effect of step?.meta.effects ?? []) {
      switch (effect) {
        case 'ssh-lockout-guard':
          if (item.action === 'apply' && !lockoutGuard.includes(item.stepId)) lockoutGuard.push(item.stepId)
          break
        case 'restart-wsl-distro':
          if (changes) restartWslDistro = true
          break
        case 'restart-gateway':
        case 'recreate-sandbox':
          if (changes) scriptSide.add(effect)
          break
        default: {
          const unknown: never = effect
          throw new Error(`Unknown step effect ${String(unknown)}`)
        }
      }
    }
  }
  return { lockoutGuard, restartWslDistro, scriptSide: [...scriptSide] }
}

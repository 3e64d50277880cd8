import { createHash } from 'node:crypto'
import { STEPS, type CatalogStep } from '../../catalog'
import { CHECK_LAUNCHER_STEP_ID } from '../../catalog/sudo-check-launcher/step'

/** A check script exactly as it reaches the check launcher (and a job folder): no trailing newlines, then one. */
export function checkAsSent(step: CatalogStep): string {
  return `${step.scripts.check.replace(/\n+$/, '')}\n`
}

/**
 * The allowlist of the check launcher for this app version: `<sha256>  <step-id>` for every SSH check as sent (after
 * withIncludes()). The step sudo-check-launcher installs it (apply) and compares the machine's copy with it (check).
 */
export function checkAllowlist(): string {
  return STEPS.filter((s) => s.meta.targets.includes('ssh'))
    .map((s) => `${createHash('sha256').update(checkAsSent(s), 'utf8').digest('hex')}  ${s.meta.id}`)
    .join('\n')
}

/** The parameters a job item of the launcher step needs (its apply writes the list; its check compares with it). */
export function allowlistParams(stepIds: readonly string[]): Record<string, string> {
  return stepIds.includes(CHECK_LAUNCHER_STEP_ID) ? { CHECK_ALLOWLIST: checkAllowlist() } : {}
}

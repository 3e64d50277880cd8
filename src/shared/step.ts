/** Shared vocabulary of the step catalogue. Pure types and constants: no imports from the app. */

export type TargetKind = 'ssh' | 'wsl'

export type StepAction = 'apply' | 'undo'

/**
 * Status of one checklist item. `unknown` = never checked; `error` = the check itself could not run;
 * `interrupted` = the connection dropped while the step or its check was running (never read as passed).
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'interrupted' | 'unknown'

export const STEP_ID_PATTERN = /^[a-z][a-z0-9-]{1,47}$/

export interface StepMeta {
  readonly id: string
  /** Hardening layer number in the guides (1 = router isolation, 2 = UFW, …). */
  readonly layer: number
  readonly title: string
  /** Why the step matters, in plain language. */
  readonly rationale: string
  /** Shown before Run; e.g. lock-out risks. */
  readonly warnings: readonly string[]
  readonly targets: readonly TargetKind[]
  /** What the check looks at, for a human verifying by hand. */
  readonly checkDescription: string
  /**
   * 'ssh-key-login': applying can lock SSH out, so the app refuses to apply before its key login is proven, and while
   * the job runs it proves a fresh key-only login (core/service/key-setup.ts) or the script rolls itself back.
   */
  readonly lockoutGuard?: 'ssh-key-login'
  /** WSL only: the distribution must restart after a successful apply/undo (`wsl.exe --terminate NAME`, then reconnect). */
  readonly restartsWslDistro?: boolean
}

/** A step as the renderer sees it: metadata plus the exact script text that will run. */
export interface StepView extends StepMeta {
  readonly scripts: { readonly apply: string; readonly check: string; readonly undo: string }
  /** The command line the terminal runs for a job, shown before Run. */
  readonly runsAs: string
}

export interface CheckRecord {
  readonly stepId: string
  readonly status: CheckStatus
  /** One line for the checklist. */
  readonly summary: string
  /** Lines of real command output that justify the status. */
  readonly evidence: readonly string[]
  /** ISO 8601 time of the check, or null if never checked. */
  readonly checkedAt: string | null
  /** Hash of the step's check definition; a changed step reads as stale. */
  readonly checkVersion: string
}

import type { CheckRecord } from '../../shared/step'
import { recordSummary } from '../../checklist/record-text'
import { AppError, isConnectionError } from '../app-error'
import { AUDIT_STEP_ID, interruptedAudit, runOpenClawAudit, AUDIT_CHECK_VERSION } from '../checklist/openclaw-audit'
import { runChecksBatched } from '../runner/check-batch'
import { runChecksViaLauncher } from '../runner/check-launcher'
import type { JobEnv } from '../runner/job'
import type { Target } from '../targets/target'
import { judge, lostOutcome, type JobOutcome } from './job-outcome'

export interface RecheckPassOptions {
  /** Also run OpenClaw's own `security audit --deep --json` (as the login user), alongside the root batch. */
  readonly withAudit: boolean
  /** Called with each part's records as soon as it arrives (the OS batch, then or before the audit). */
  readonly onPart: (records: readonly CheckRecord[]) => void
  /**
   * Run the OS checks through the check launcher (`sudo -n`, no password; the step sudo-check-launcher) instead of one
   * request over the root channel. For when sudo would otherwise need a password (probeCheckLauncher).
   */
  readonly viaLauncher?: boolean
  /** Each check's saved inputs (OCSS_IN_<NAME>) and the parameters of every check (OC_USER). */
  readonly env?: JobEnv
}

/**
 * The re-check pass when root needs no prompt: every OS-level check in ONE root request (runChecksBatched) and, at the
 * same time, OpenClaw's audit over the user's control channel. Each part is reported as it arrives. A connection that
 * drops mid-pass makes the unfinished part read interrupted, never passed.
 */
export async function runRecheckPass(target: Target, stepIds: readonly string[], opts: RecheckPassOptions): Promise<JobOutcome> {
  const os = (opts.viaLauncher ? runChecksViaLauncher(target, stepIds, opts.env) : runChecksBatched(target, stepIds, opts.env)).then(
    (records) => {
      opts.onPart(records)
      return { records, err: null as unknown }
    },
    (err: unknown) => ({ records: [] as CheckRecord[], err }),
  )
  const audit = opts.withAudit
    ? runOpenClawAudit(target).then(
        (record) => record,
        (err: unknown): CheckRecord => {
          if (isConnectionError(err)) return interruptedAudit(err)
          const e = AppError.from(err)
          return { stepId: AUDIT_STEP_ID, status: 'error', summary: recordSummary(`OpenClaw's audit could not run: ${e.message} ${e.hint}`), evidence: [], checkedAt: new Date().toISOString(), checkVersion: AUDIT_CHECK_VERSION }
        },
      ).then((record) => {
        opts.onPart([record])
        return record
      })
    : Promise.resolve(null)
  const [osPart, auditRecord] = await Promise.all([os, audit])
  const extra = auditRecord ? [auditRecord] : []
  if (osPart.err !== null) {
    if (isConnectionError(osPart.err)) {
      const lost = lostOutcome('check', stepIds, osPart.err)
      return { ...lost, records: [...lost.records, ...extra] }
    }
    const e = AppError.from(osPart.err)
    return { records: extra, ok: false, interrupted: false, message: `${e.message} ${e.hint}` }
  }
  const records = [...osPart.records, ...extra]
  if (auditRecord?.status === 'interrupted') {
    return { records, ok: false, interrupted: true, message: `${auditRecord.summary} The OS checks finished (${osPart.records.length}).` }
  }
  return { records, interrupted: false, ...judge('check', 0, records) }
}

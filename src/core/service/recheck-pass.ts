import type { CheckRecord } from '../../shared/step'
import { recordSummary } from '../../checklist/record-text'
import { AppError, isConnectionError } from '../app-error'
import { AUDIT_SCRIPT, AUDIT_STEP_ID, accountAuditLine, auditFoundNoCli, evaluateAudit, interruptedAudit, runOpenClawAudit, AUDIT_CHECK_VERSION } from '../checklist/openclaw-audit'
import { runBatch, type BatchAudit } from '../runner/check-batch'
import { runChecksViaLauncher } from '../runner/check-launcher'
import type { JobEnv } from '../runner/job'
import type { Target } from '../targets/target'
import type { WindowsSide } from '../windows/windows-side'
import { isWindowsStep, windowsChecks } from '../windows/windows-steps'
import { judge, lostOutcome, type JobOutcome } from './job-outcome'

export interface RecheckPassOptions {
  /**
   * Also run OpenClaw's own `security audit --deep --json`: as the OpenClaw account, started by root inside the batch
   * alongside the OS checks; as the login user over the user channel when that account does not exist yet (or when the
   * checks go through the launcher, which runs only allow-listed check scripts).
   */
  readonly withAudit: boolean
  /** The OpenClaw account (saved input OC_USER of openclaw-account); empty: the batch decides (WSL default user, else openclaw). */
  readonly ocUser?: string
  /** Called with each part's records as soon as it arrives (the OS batch, then or before the audit). */
  readonly onPart: (records: readonly CheckRecord[]) => void
  /**
   * Run the OS checks through the check launcher (`sudo -n`, no password; the step sudo-check-launcher) instead of one
   * request over the root channel. For when sudo would otherwise need a password (probeCheckLauncher).
   */
  readonly viaLauncher?: boolean
  /** Each check's saved inputs (OCSS_IN_<NAME>) and the parameters of every check (OC_USER). */
  readonly env?: JobEnv
  /** The Windows user's side: the checks of Windows-side steps (meta.actor 'windows') run there, in this process. */
  readonly windows?: WindowsSide
}

/**
 * The re-check pass when root needs no prompt: every OS-level check in ONE root request (runBatch) and, in the same
 * request and at the same time, OpenClaw's audit as the OpenClaw account. Each part is reported as it arrives. A connection that
 * drops mid-pass makes the unfinished part read interrupted, never passed.
 */
export async function runRecheckPass(target: Target, allIds: readonly string[], opts: RecheckPassOptions): Promise<JobOutcome> {
  // Windows-side steps are checked here, on Windows, alongside the batch; the batch gets the others.
  const onWindows = allIds.filter(isWindowsStep)
  const stepIds = allIds.filter((id) => !isWindowsStep(id))
  const windows = onWindows.length > 0 ? windowsChecks(opts.windows, target, onWindows).then((records) => {
        opts.onPart(records)
        return records
      })
    : Promise.resolve([] as CheckRecord[])
  const inBatch = opts.withAudit && !opts.viaLauncher && stepIds.length > 0
  const batch = stepIds.length === 0
    ? Promise.resolve({ records: [] as CheckRecord[], audit: null as BatchAudit | null })
    : opts.viaLauncher
    ? runChecksViaLauncher(target, stepIds, opts.env).then((records) => ({ records, audit: null as BatchAudit | null }))
    : runBatch(target, stepIds, { ...(opts.env ? { env: opts.env } : {}), ...(inBatch ? { audit: { script: AUDIT_SCRIPT, ...(opts.ocUser ? { ocUser: opts.ocUser } : {}) } } : {}) })
  const os = batch.then(
    (r) => {
      opts.onPart(r.records)
      return { records: r.records, audit: r.audit, err: null as unknown }
    },
    (err: unknown) => ({ records: [] as CheckRecord[], audit: null as BatchAudit | null, err }),
  )
  const failed = (err: unknown): CheckRecord => {
    if (isConnectionError(err)) return interruptedAudit(err)
    const e = AppError.from(err)
    return { stepId: AUDIT_STEP_ID, status: 'error', summary: recordSummary(`OpenClaw's audit could not run: ${e.message} ${e.hint}`), evidence: [], checkedAt: new Date().toISOString(), checkVersion: AUDIT_CHECK_VERSION }
  }
  // The account's audit comes back with the batch; without that account (or its OpenClaw), the login user's own install.
  const fromBatch = async (): Promise<CheckRecord> => {
    const o = await os
    if (o.err !== null) return failed(o.err)
    const a = o.audit
    if (a?.kind === 'ran' && !auditFoundNoCli(a.stdout)) return evaluateAudit(a, { account: a.user, line: accountAuditLine(a.user) })
    const why = !a ? 'the batch gave no audit part' : a.kind === 'none' ? `there is no OpenClaw account "${a.user}" on the machine yet` : `the OpenClaw account "${a.user}" has no openclaw command`
    return runOpenClawAudit(target, why)
  }
  const audit = opts.withAudit
    ? (inBatch ? fromBatch() : runOpenClawAudit(target)).then((record) => record, failed).then((record) => {
        opts.onPart([record])
        return record
      })
    : Promise.resolve(null)
  const [osPart, auditRecord, windowsRecords] = await Promise.all([os, audit, windows])
  const extra = [...windowsRecords, ...(auditRecord ? [auditRecord] : [])]
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
    return { records, ok: false, interrupted: true, message: `${auditRecord.summary} The OS checks finished (${osPart.records.length + windowsRecords.length}).` }
  }
  return { records, interrupted: false, ...judge('check', 0, records) }
}

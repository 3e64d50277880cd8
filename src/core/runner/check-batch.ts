import { randomBytes } from 'node:crypto'
import { recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import type { Target } from '../targets/target'
import auditStamp from '../../catalog/lib/audit-stamp.sh?raw'
import { withIncludes } from '../../catalog/catalog-step'
import batchText from './check-batch.sh?raw'
import { checkItems, jobFiles, jobLaunch, parseCollected, recordsFrom, type JobEnv, type JobItem } from './job'

const batchScript = withIncludes(batchText, { 'audit-stamp.sh': auditStamp })

/** The parameters of one batched pass: the launcher, the manifest hash, and every job file. */
export function batchParams(items: readonly JobItem[], id: string, jobParams: Readonly<Record<string, string>> = {}): Record<string, string> {
  const { files, manifestHash } = jobFiles(items, jobParams)
  const params: Record<string, string> = { LAUNCH: jobLaunch, HASH: manifestHash, JOB_ID: id, FILE_COUNT: String(files.length) }
  files.forEach((f, i) => {
    params[`FILE_${i}_NAME`] = f.name
    params[`FILE_${i}_DATA`] = f.data
  })
  return params
}

/** The deep audit's part of a batched pass: run as `user` by root (runuser), or `none` when that account does not exist. */
export type BatchAudit =
  | { readonly kind: 'ran'; readonly user: string; readonly exitCode: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'none'; readonly user: string }

export interface BatchOptions {
  /** Also run this audit script as the OpenClaw account, alongside the checks (check-batch.sh starts it first). */
  readonly audit?: { readonly script: string; readonly ocUser?: string }
  /** Each check's saved inputs and the job-wide parameters (OC_USER …). */
  readonly env?: JobEnv
}

/** Reads the audit part that check-batch.sh prints after the items, or null when there is none. */
export function parseBatchAudit(stdout: string): BatchAudit | null {
  const lines = stdout.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const none = /^audit-none (\S+)$/.exec(lines[i] ?? '')
    if (none) return { kind: 'none', user: none[1] ?? '?' }
    const ran = /^audit (\S+) (\d+)$/.exec(lines[i] ?? '')
    if (ran) {
      const text = (n: number) => Buffer.from(lines[i + n] ?? '', 'base64').toString('utf8')
      return { kind: 'ran', user: ran[1] ?? '?', exitCode: Number(ran[2]), stdout: text(1), stderr: text(2) }
    }
  }
  return null
}

/**
 * The re-check pass in ONE request over the root control channel (plus sudo's one-time probe on a fresh connection):
 * the checks' files travel as parameters straight into a root-owned folder, the same launcher verifies their hashes
 * and runs them, and the results come back in the same reply. Checks only: apply and undo stay terminal jobs.
 * With `audit`, OpenClaw's deep audit runs as the OpenClaw account at the same time, in the same request.
 */
export async function runBatch(target: Target, stepIds: readonly string[], opts: BatchOptions = {}): Promise<{ records: CheckRecord[]; audit: BatchAudit | null }> {
  const env = opts.env ?? {}
  const items = checkItems(stepIds, env)
  if (items.length === 0) return { records: [], audit: null }
  const params = batchParams(items, randomBytes(8).toString('hex'), env.params)
  if (opts.audit) {
    params.AUDIT_SCRIPT = opts.audit.script
    params.OC_USER = opts.audit.ocUser ?? env.params?.OC_USER ?? ''
  }
  const r = await target.exec(batchScript, { asRoot: true, params, ...(opts.audit ? { timeoutMs: 240_000 } : {}) })
  const launch = /^launch (\d+)$/m.exec(r.stdout)
  if (r.exitCode !== 0 || !launch || launch[1] !== '0') {
    throw new AppError('COMMAND_FAILED', `The checks could not run as root on ${target.label} (exit code ${launch?.[1] ?? r.exitCode}). ${recordSummary(r.stderr)}`.trim(), 'Check that the user may use sudo on the machine, then run the checks again.')
  }
  return { records: recordsFrom(parseCollected(r.stdout, items)), audit: opts.audit ? parseBatchAudit(r.stdout) : null }
}

/** The OS checks of a re-check pass in one root request (runBatch without the audit). */
export async function runChecksBatched(target: Target, stepIds: readonly string[], env: JobEnv = {}): Promise<CheckRecord[]> {
  if (stepIds.length === 0) return []
  return (await runBatch(target, stepIds, { env })).records
}

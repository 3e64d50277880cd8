import { randomBytes } from 'node:crypto'
import { recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import type { Target } from '../targets/target'
import batchScript from './check-batch.sh?raw'
import { checkItems, jobFiles, jobLaunch, parseCollected, recordsFrom, type JobEnv, type JobItem } from './job'

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

/**
 * The re-check pass in ONE request over the root control channel (plus sudo's one-time probe on a fresh connection):
 * the checks' files travel as parameters straight into a root-owned folder, the same launcher verifies their hashes
 * and runs them, and the results come back in the same reply. Checks only: apply and undo stay terminal jobs.
 */
export async function runChecksBatched(target: Target, stepIds: readonly string[], env: JobEnv = {}): Promise<CheckRecord[]> {
  const items = checkItems(stepIds, env)
  if (items.length === 0) return []
  const r = await target.exec(batchScript, { asRoot: true, params: batchParams(items, randomBytes(8).toString('hex'), env.params) })
  const launch = /^launch (\d+)$/m.exec(r.stdout)
  if (r.exitCode !== 0 || !launch || launch[1] !== '0') {
    throw new AppError('COMMAND_FAILED', `The checks could not run as root on ${target.label} (exit code ${launch?.[1] ?? r.exitCode}). ${recordSummary(r.stderr)}`.trim(), 'Check that the user may use sudo on the machine, then run the checks again.')
  }
  return recordsFrom(parseCollected(r.stdout, items))
}

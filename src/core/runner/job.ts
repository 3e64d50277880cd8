import { createHash, randomBytes } from 'node:crypto'
import { stepById, type CatalogStep } from '../../catalog'
import { recordEvidence, recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import type { Target } from '../targets/target'
import { allowlistParams } from './check-allowlist'
import { encodeParams } from '../targets/stdin-protocol'
import collectScript from './collect.sh?raw'
import jobLaunch from './job-launch.sh?raw'
import jobRunner from './job-runner.sh?raw'
import stageScript from './stage.sh?raw'

export { jobLaunch }

/**
 * The first line job-runner.sh prints, as root, before any step runs. The sudo auto-answer stops for good once it
 * has seen it (sudo-answer.ts), so nothing a root script prints is answered.
 */
export const RUNNER_STARTED = '--- running as root'

export type JobAction = 'apply' | 'undo' | 'check'

export interface JobItem {
  readonly stepId: string
  readonly action: JobAction
}

export interface StagedJob {
  readonly id: string
  /** The login user's folder the files were staged in. Root never runs anything from it directly. */
  readonly dir: string
  /** SHA-256 of the manifest; job-launch.sh refuses to run files that do not match it. */
  readonly manifestHash: string
  readonly items: readonly JobItem[]
}

/** The fixed root-side command of a job: `bash -c <job-launch.sh> ocss-job <dir> <manifest hash> <id>`. */
export function launchArgs(job: StagedJob): string[] {
  return ['ocss-job', job.dir, job.manifestHash, job.id]
}

export interface ItemResult {
  readonly item: JobItem
  /** null when the item did not run (skipped, or the job was interrupted). */
  readonly exitCode: number | null
  readonly output: string
}

const SAFE_DIR = /^\/[A-Za-z0-9._\/-]+$/

export function checkVersion(step: CatalogStep): string {
  return createHash('sha256').update(step.scripts.check).digest('hex').slice(0, 12)
}

function requireStep(id: string): CatalogStep {
  const step = stepById(id)
  if (!step) throw new AppError('INVALID_INPUT', `There is no step "${id}".`, 'Reload the app; the catalogue may have changed.')
  return step
}

/** The files of a job: the runner, the list, parameters, one script per item, and a SHA-256 manifest of them all. */
export function jobFiles(items: readonly JobItem[], params: Readonly<Record<string, string>> = {}): { files: { name: string; data: string }[]; manifestHash: string } {
  // The check-only sudo rule's step needs this app version's list of checks (core/runner/check-allowlist.ts).
  const env = { ...allowlistParams(items.map((i) => i.stepId)), ...params }
  const files = [{ name: 'run.sh', data: jobRunner }]
  const list: string[] = []
  items.forEach((item, n) => {
    const step = requireStep(item.stepId)
    files.push({ name: `${n}.sh`, data: step.scripts[item.action] })
    list.push(`${n} ${item.action} ${step.meta.id} ${step.meta.title.replace(/[\r\n]/g, ' ')}`)
  })
  files.push({ name: 'job.list', data: list.join('\n') }, { name: 'job.env', data: encodeParams(env) })
  // What lands on disk is each file without trailing newlines plus exactly one (parameters lose trailing newlines
  // on the way, stage.sh adds one); the manifest hashes exactly that.
  const staged = files.map((f) => ({ name: f.name, data: f.data.replace(/\n+$/, '') }))
  const manifest = staged.map((f) => `${sha256(`${f.data}\n`)}  ${f.name}\n`).join('')
  staged.push({ name: 'manifest', data: manifest.replace(/\n+$/, '') })
  return { files: staged, manifestHash: sha256(manifest) }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Writes the job into a private folder on the target, through the control channel (no root needed). */
export async function stageJob(target: Target, items: readonly JobItem[], extraParams: Readonly<Record<string, string>> = {}): Promise<StagedJob> {
  const params: Record<string, string> = { ...extraParams }
  if (target.kind === 'ssh') {
    // The server-side port of this very connection, so the firewall step can never shut it.
    const port = (await target.exec('printf %s "${SSH_CONNECTION##* }"')).stdout.trim()
    if (/^\d{1,5}$/.test(port)) params.SSH_PORT = port
  }
  const { files, manifestHash } = jobFiles(items, params)
  const id = randomBytes(8).toString('hex')
  const stageParams: Record<string, string> = { JOB_ID: id, FILE_COUNT: String(files.length) }
  files.forEach((f, i) => {
    stageParams[`FILE_${i}_NAME`] = f.name
    stageParams[`FILE_${i}_DATA`] = f.data
  })
  const r = await target.exec(stageScript, { params: stageParams })
  const dir = r.stdout.trim().split('\n').pop() ?? ''
  if (r.exitCode !== 0 || !SAFE_DIR.test(dir)) {
    throw new AppError('COMMAND_FAILED', `Could not prepare the scripts on ${target.label}: ${r.stderr.trim() || `exit code ${r.exitCode}`}.`, 'Check that the home folder of the remote user exists and is writable.')
  }
  return { id, dir, manifestHash, items }
}

export function parseCollected(stdout: string, items: readonly JobItem[]): ItemResult[] {
  const lines = stdout.split('\n')
  const results: ItemResult[] = []
  for (let i = 0; i < lines.length; i++) {
    const m = /^item (\d+) (\S+)$/.exec(lines[i] ?? '')
    const item = m ? items[Number(m[1])] : undefined
    if (!m || !item) continue
    const output = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8')
    results.push({ item, exitCode: /^\d+$/.test(m[2] ?? '') ? Number(m[2]) : null, output })
    i++
  }
  return results
}

/** Reads the results back and removes the job folder. */
export async function collectJob(target: Target, job: StagedJob): Promise<ItemResult[]> {
  const r = await target.exec(collectScript, { params: { JOB_DIR: job.dir, JOB_ID: job.id } })
  if (r.exitCode !== 0) {
    throw new AppError('COMMAND_FAILED', `Could not read the results from ${target.label}: ${r.stderr.trim() || `exit code ${r.exitCode}`}.`, 'Run the check again.')
  }
  return parseCollected(r.stdout, job.items)
}

/** Turns collected check outputs into checklist records. */
export function recordsFrom(results: readonly ItemResult[], now = new Date()): CheckRecord[] {
  return results
    .filter((r) => r.item.action === 'check')
    .map((r) => {
      const step = requireStep(r.item.stepId)
      const base = { stepId: step.meta.id, checkedAt: now.toISOString(), checkVersion: checkVersion(step) }
      if (r.exitCode === null) return { ...base, status: 'interrupted', summary: 'The check did not finish: the job was interrupted (connection lost or cancelled). Run it again.', evidence: [] }
      const v = step.evaluate({ exitCode: r.exitCode, stdout: r.output })
      // Cut, made free of control characters and redacted before anything is kept: evidence goes to the store, the
      // screen and reports.
      return { ...base, status: v.status, summary: recordSummary(v.summary), evidence: recordEvidence(v.evidence) }
    })
}

/** Runs the checks as a staged job through the root control channel (no terminal): stage, launch, collect. */
export async function runChecksViaControl(target: Target, stepIds: readonly string[], onProgress?: (msg: string) => void): Promise<CheckRecord[]> {
  const items = stepIds.map((stepId) => ({ stepId, action: 'check' as const }))
  onProgress?.(`Preparing ${items.length} check(s) on ${target.label}`)
  const job = await stageJob(target, items)
  onProgress?.('Running the checks as root')
  const run = await target.exec('exec /bin/bash -c "$OCSS_LAUNCH" ocss-job "$OCSS_DIR" "$OCSS_HASH" "$OCSS_ID" >/dev/null', {
    asRoot: true,
    params: { LAUNCH: jobLaunch, DIR: job.dir, HASH: job.manifestHash, ID: job.id },
  })
  onProgress?.('Reading the results')
  const results = await collectJob(target, job)
  if (run.exitCode !== 0) {
    throw new AppError('COMMAND_FAILED', `The checks could not run as root on ${target.label} (exit code ${run.exitCode}). ${run.stderr.trim()}`.trim(), 'Check that the user may use sudo on the machine.')
  }
  return recordsFrom(results)
}

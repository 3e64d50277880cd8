import { createHash, randomBytes } from 'node:crypto'
import { stepById, type CatalogStep } from '../../catalog'
import { recordEvidence, recordSummary } from '../../checklist/record-text'
import { INPUT_NAME_PATTERN, type CheckRecord } from '../../shared/step'
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

/** What a job does: apply, undo, check, or one of a step's extra actions ('action', e.g. gateway-token's rotate). */
export type JobAction = 'apply' | 'undo' | 'check' | 'action'

/** What one item runs: apply, undo, check, or the id of one of the step's `meta.actions` (its script `<id>.sh`). */
export type ItemAction = 'apply' | 'undo' | 'check' | (string & {})

export const EXTRA_ACTION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/

export interface JobItem {
  readonly stepId: string
  readonly action: ItemAction
  /**
   * The step's non-secret inputs (validated by the service), exported as OCSS_IN_<NAME> to this item's script only
   * (job-runner.sh reads them from `<n>.env`). Never a secret: those are typed at the job's prompt (lib/secret.sh).
   */
  readonly inputs?: Readonly<Record<string, string>>
}

/** What the items of a job get besides their scripts. */
export interface JobEnv {
  /** The saved non-secret inputs of a step (with defaults), for its items only. */
  readonly inputsFor?: (stepId: string) => Readonly<Record<string, string>>
  /** Parameters every item sees as OCSS_<NAME> (e.g. OC_USER). */
  readonly params?: Readonly<Record<string, string>>
}

/** Check items for these steps, each with its step's inputs. */
export function checkItems(stepIds: readonly string[], env: JobEnv = {}): JobItem[] {
  return stepIds.map((stepId) => {
    const inputs = env.inputsFor?.(stepId) ?? {}
    return Object.keys(inputs).length > 0 ? { stepId, action: 'check', inputs } : { stepId, action: 'check' }
  })
}

/** The script an item runs: apply/undo/check, or an extra action the step declares. */
export function scriptFor(step: CatalogStep, action: ItemAction): string {
  if (action === 'apply' || action === 'undo' || action === 'check') return step.scripts[action as 'apply' | 'undo' | 'check']
  const script = step.meta.actions?.some((a) => a.id === action) ? step.actionScripts?.[action] : undefined
  if (!EXTRA_ACTION_PATTERN.test(action) || script === undefined) throw new AppError('INVALID_INPUT', `"${step.meta.title}" has no action "${action}".`, 'Reload the app; the catalogue may have changed.')
  return script
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

/** The version of a step's check: the check script and the evaluator's source text (a change to either re-checks). */
export function checkVersion(step: Pick<CatalogStep, 'scripts' | 'evaluatorSource'>): string {
  return createHash('sha256').update(step.scripts.check).update('\0').update(step.evaluatorSource).digest('hex').slice(0, 12)
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
    // A Windows-side step (meta.actor 'windows') runs in the app (core/windows), never as a script on the target.
    if (step.meta.actor === 'windows') throw new AppError('INTERNAL', `"${step.meta.title}" runs on Windows, not in a job on the target.`, 'Report this as a bug in the app. Nothing was run.')
    files.push({ name: `${n}.sh`, data: scriptFor(step, item.action) })
    const inputs = Object.entries(item.inputs ?? {})
    if (inputs.length > 0) {
      for (const [name, value] of inputs) {
        if (!INPUT_NAME_PATTERN.test(name)) throw new AppError('INVALID_INPUT', `"${name}" is not an input name.`, 'Report this as a bug in the app.')
        if (/[\0\r\n]/.test(value)) throw new AppError('INVALID_INPUT', `The input ${name} must be one line.`, 'Correct the value and try again. Nothing was run.')
      }
      files.push({ name: `${n}.env`, data: encodeParams(Object.fromEntries(inputs)) })
    }
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
export async function runChecksViaControl(target: Target, stepIds: readonly string[], onProgress?: (msg: string) => void, env: JobEnv = {}): Promise<CheckRecord[]> {
  const items = checkItems(stepIds, env)
  onProgress?.(`Preparing ${items.length} check(s) on ${target.label}`)
  const job = await stageJob(target, items, env.params)
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

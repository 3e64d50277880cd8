import { stepById, type CatalogStep, type CheckOutput } from '../../catalog'
import { recordEvidence, recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import { checkVersion } from '../runner/job'
import type { Target } from '../targets/target'
import type { WindowsSide } from './windows-side'
import { applyKeepAlive, checkKeepAlive, preflightKeepAlive, undoKeepAlive, type WindowsRun } from './wsl-keep-alive'

/**
 * The executor of the steps whose actor is 'windows' (meta.actor): they run in the app's own process as the Windows
 * user, never as a job on the target. StepJobs sends their apply/undo here and the re-check pass their checks; the
 * records are made exactly like a job's (the step's evaluate(), then cut and redacted).
 */
interface WindowsStep {
  /** Refuses (AppError) before anything changes. */
  preflight(side: WindowsSide, distro: string): Promise<void>
  apply(side: WindowsSide, distro: string): Promise<WindowsRun>
  undo(side: WindowsSide, distro: string): Promise<WindowsRun>
  check(side: WindowsSide, distro: string): Promise<CheckOutput>
}

const WINDOWS_STEPS: Readonly<Record<string, WindowsStep>> = {
  'wsl-keep-alive': { preflight: preflightKeepAlive, apply: applyKeepAlive, undo: undoKeepAlive, check: checkKeepAlive },
}

export function isWindowsStep(stepId: string): boolean {
  return stepById(stepId)?.meta.actor === 'windows'
}

function implOf(step: CatalogStep): WindowsStep {
  const impl = WINDOWS_STEPS[step.meta.id]
  if (!impl) throw new AppError('INTERNAL', `"${step.meta.title}" runs on Windows, but this app has no Windows side for it.`, 'Report this as a bug in the app. Nothing was run.')
  return impl
}

function distroOf(target: Target, step: CatalogStep): string {
  if (target.kind !== 'wsl' || !target.distro) throw new AppError('STEP_NOT_APPLICABLE', `"${step.meta.title}" applies to WSL targets only.`, 'Skip this step.')
  return target.distro
}

function requireSide(side: WindowsSide | undefined, step: CatalogStep): WindowsSide {
  if (!side) throw new AppError('COMMAND_FAILED', `"${step.meta.title}" runs on Windows, in the app, and this run has no Windows side.`, 'Run it from the app (or the CLI) on the Windows PC that runs WSL. Nothing was run.')
  return side
}

/** Refuses a run that cannot start (no Windows side, bad distribution name, inbox WSL …) before anything changes. */
export async function preflightWindowsStep(side: WindowsSide | undefined, target: Target, step: CatalogStep): Promise<void> {
  await implOf(step).preflight(requireSide(side, step), distroOf(target, step))
}

/** Apply or undo, then the step's check. */
export async function runWindowsStep(side: WindowsSide | undefined, target: Target, step: CatalogStep, action: 'apply' | 'undo'): Promise<{ run: WindowsRun; records: CheckRecord[] }> {
  const impl = implOf(step)
  const s = requireSide(side, step)
  const distro = distroOf(target, step)
  const run = action === 'apply' ? await impl.apply(s, distro) : await impl.undo(s, distro)
  return { run, records: await windowsChecks(side, target, [step.meta.id]) }
}

/** The checks of Windows-side steps: a check that cannot run reads error (with why), never pass. */
export async function windowsChecks(side: WindowsSide | undefined, target: Target, stepIds: readonly string[]): Promise<CheckRecord[]> {
  const records: CheckRecord[] = []
  for (const id of stepIds) {
    const step = stepById(id)
    if (!step) continue
    const base = { stepId: id, checkedAt: new Date().toISOString(), checkVersion: checkVersion(step) }
    try {
      const v = step.evaluate(await implOf(step).check(requireSide(side, step), distroOf(target, step)))
      records.push({ ...base, status: v.status, summary: recordSummary(v.summary), evidence: recordEvidence(v.evidence) })
    } catch (err) {
      const e = AppError.from(err)
      records.push({ ...base, status: 'error', summary: recordSummary(`${e.message} ${e.hint}`), evidence: [] })
    }
  }
  return records
}

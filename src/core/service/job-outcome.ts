import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import { recordsFrom, type ItemResult, type JobAction } from '../runner/job'

export interface JobOutcome {
  readonly records: readonly CheckRecord[]
  readonly ok: boolean
  readonly interrupted: boolean
  readonly message: string
}

/**
 * What a finished job means. `exitCode` is the terminal's (or the control channel's) exit code, `results` what the
 * runner left on the target, `connectionLost` whether the connection dropped while the job ran. A job whose items did
 * not all finish after a drop is "interrupted": its checks read interrupted, never passed.
 */
export function jobOutcome(kind: JobAction, exitCode: number, results: readonly ItemResult[], connectionLost: boolean, expected: number): JobOutcome {
  const finished = results.filter((r) => r.exitCode !== null).length
  if (finished === 0 && exitCode !== 0 && !connectionLost) {
    throw new AppError('SUDO_FAILED', 'Nothing ran: sudo did not start the job (wrong password, or the prompt was cancelled).', 'Press the button again and type the sudo password of the remote user into the terminal when it asks, or give it in the sudo password field.')
  }
  const records = recordsFrom(results)
  const incomplete = finished < expected
  if (incomplete && (connectionLost || finished === 0)) {
    const what = kind === 'check' ? 'The check' : kind === 'undo' ? 'The undo' : 'The step'
    return {
      records,
      ok: false,
      interrupted: true,
      message: `${what} was interrupted: the connection dropped before it finished (${finished} of ${expected} part(s) done). Its state is unknown, not passed. Reconnect, then re-check.`,
    }
  }
  const { ok, message } = judge(kind, exitCode, records)
  return { records, ok, interrupted: incomplete && records.some((r) => r.status === 'interrupted'), message }
}

/** ok = the job ran and, except after an undo, everything it checked passes; and the message that says so. */
export function judge(kind: JobAction, exitCode: number, records: readonly CheckRecord[]): { ok: boolean; message: string } {
  const failing = records.filter((r) => r.status !== 'pass')
  const ok = exitCode === 0 && (kind === 'undo' || failing.length === 0)
  let message: string
  if (kind === 'check') message = failing.length === 0 ? `All ${records.length} check(s) pass.` : `${failing.length} of ${records.length} check(s) do not pass.`
  else if (exitCode !== 0) message = `The ${kind === 'action' ? 'action' : kind} script failed with exit code ${exitCode}. Read the terminal output above, fix the cause, and run it again.`
  else {
    const done = kind === 'apply' ? 'Applied' : kind === 'undo' ? 'Undone' : 'Done'
    message = failing.length === 0 ? `${done}; the check now reads: ${records[0]?.summary ?? ''}` : `${done}; the check reads: ${failing[0]?.summary ?? ''}`
  }
  return { ok, message }
}

/** A job whose results could not be read because the connection is gone: each of its steps reads interrupted. */
export function lostOutcome(kind: JobAction, stepIds: readonly string[], err: unknown): JobOutcome {
  const e = AppError.from(err)
  const what = kind === 'check' ? 'The check' : kind === 'undo' ? 'The undo' : 'The step'
  const records = recordsFrom(stepIds.map((stepId) => ({ item: { stepId, action: 'check' as const }, exitCode: null, output: '' })))
  return { records, ok: false, interrupted: true, message: `${what} was interrupted: ${e.message} Its state is unknown, not passed. Reconnect, then re-check.` }
}

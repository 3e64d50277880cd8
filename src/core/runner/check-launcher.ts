import { stepById } from '../../catalog'
import { CHECK_LAUNCHER_PATH } from '../../catalog/sudo-check-launcher/step'
import { recordEvidence, recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import type { Target } from '../targets/target'
import { checkAllowlist, checkAsSent } from './check-allowlist'
import { checkItems, checkVersion, parseCollected, recordsFrom, type JobEnv } from './job'
import batchScript from './launcher-batch.sh?raw'

/**
 * True when the login account may run the check launcher as root without a password (the step sudo-check-launcher):
 * `sudo -n <launcher> --probe` over the user channel. SSH only; WSL gives root without sudo.
 */
export async function probeCheckLauncher(target: Target): Promise<boolean> {
  if (target.kind !== 'ssh') return false
  const r = await target.exec(`/usr/bin/sudo -n ${CHECK_LAUNCHER_PATH} --probe 2>/dev/null`, { timeoutMs: 30_000 })
  return r.exitCode === 0 && r.stdout.trim() === 'ocss-check-launcher 1'
}

/**
 * One check's own launcher parameters, as space-separated NAME=BASE64 words: OC_USER when set and IN_<NAME> per input
 * (non-secret; the launcher validates them again). Empty when there are none, so a launcher installed by an earlier
 * version (which knows neither) still runs the checks of steps without inputs.
 */
export function launcherArgs(inputs: Readonly<Record<string, string>>, ocUser: string | undefined): string {
  const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64')
  const words = Object.entries(inputs).map(([name, value]) => `IN_${name}=${b64(value)}`)
  if (ocUser) words.unshift(`OC_USER=${b64(ocUser)}`)
  return words.join(' ')
}

/**
 * The re-check pass without a sudo password: ONE request over the user channel, in which each check goes to the
 * launcher through `sudo -n` (one sudo per check). The launcher runs only scripts whose SHA-256 its root-owned
 * allowlist lists; a check it refuses (an older allowlist) reads error with what to do.
 */
export async function runChecksViaLauncher(target: Target, stepIds: readonly string[], env: JobEnv = {}, now = new Date()): Promise<CheckRecord[]> {
  const items = checkItems(stepIds, env)
  if (items.length === 0) return []
  const params: Record<string, string> = { COUNT: String(items.length), CHECK_ALLOWLIST: checkAllowlist() }
  items.forEach((item, i) => {
    const step = stepById(item.stepId)
    if (!step) throw new AppError('INVALID_INPUT', `There is no step "${item.stepId}".`, 'Reload the app; the catalogue may have changed.')
    params[`SCRIPT_${i}`] = checkAsSent(step)
    const own = launcherArgs(item.inputs ?? {}, env.params?.OC_USER)
    if (own !== '') params[`ARGS_${i}`] = own
  })
  const r = await target.exec(batchScript, { params, timeoutMs: 300_000 })
  if (r.exitCode !== 0) {
    throw new AppError('COMMAND_FAILED', `The checks could not run through the check launcher on ${target.label} (exit code ${r.exitCode}). ${recordSummary(r.stderr)}`.trim(), 'Run the checks again; if it keeps failing, apply "Checks without a sudo password" again or enter the sudo password.')
  }
  const refused = new Map<number, string>()
  const lines = r.stdout.split('\n')
  lines.forEach((line, i) => {
    const m = /^item (\d+) refused$/.exec(line)
    if (m) refused.set(Number(m[1]), Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8'))
  })
  const ran = recordsFrom(parseCollected(r.stdout, items).filter((res) => res.exitCode !== null), now)
  const records: CheckRecord[] = []
  items.forEach((item, i) => {
    const step = stepById(item.stepId)
    const done = ran.find((rec) => rec.stepId === item.stepId)
    if (done) records.push(done)
    else if (step) {
      const why = refused.get(i)
      records.push({
        stepId: item.stepId,
        status: 'error',
        summary: why !== undefined
          ? 'The check launcher refused this check: its allowlist does not list this app version\'s check (the app was updated?). Apply "Checks without a sudo password" again, or enter the sudo password.'
          : 'The check launcher gave no result for this check. Run the checks again.',
        evidence: recordEvidence((why ?? '').split('\n').filter((l) => l.trim() !== '').slice(0, 10)),
        checkedAt: now.toISOString(),
        checkVersion: checkVersion(step),
      })
    }
  })
  return records
}

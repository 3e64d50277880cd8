import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step wsl-conf-lockdown. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it: editing it marks saved results "re-check needed".
 */

const SETTINGS = [
  { section: 'interop-enabled', label: '[interop] enabled' },
  { section: 'interop-appendwindowspath', label: '[interop] appendWindowsPath' },
  { section: 'automount-enabled', label: '[automount] enabled' },
] as const

export function evaluateLockdown(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const values = SETTINGS.map((x) => ({ ...x, value: s.get(x.section)?.[0]?.trim() }))
  if (values.some((v) => v.value === undefined)) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const interop = s.get('live-interop')?.[0]?.trim() ?? 'unknown'
  const mounts = (s.get('live-automount') ?? []).map((l) => l.trim()).filter((l) => l !== '' && l !== 'none')
  const evidence = [...values.map((v) => `${v.label}=${v.value ?? ''}`), `Windows interop handler: ${interop}`, `Windows drives mounted: ${mounts.join(' ') || 'none'}`]
  const open = values.filter((v) => v.value?.toLowerCase() !== 'false')
  if (open.length > 0) {
    return { status: 'fail', summary: `Not locked down: ${open.map((v) => `${v.label} is ${v.value === 'unset' ? 'unset (default true)' : v.value}`).join('; ')}.`, evidence }
  }
  if (interop === 'registered' || mounts.length > 0) {
    return { status: 'fail', summary: 'Configured, restart pending: Windows interop or drive mounts are still active. Restart the distribution (wsl.exe --terminate).', evidence }
  }
  return { status: 'pass', summary: 'Locked down: no Windows programs, no Windows PATH, no Windows drives inside Linux.', evidence }
}

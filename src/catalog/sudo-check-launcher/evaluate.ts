import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step sudo-check-launcher. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it: editing it marks saved results "re-check needed".
 */

/** Where apply puts the launcher; the app probes `sudo -n <this> --probe` (core/runner/check-launcher.ts). */
export const CHECK_LAUNCHER_PATH = '/usr/local/libexec/openclaw-secure-setup/check-launcher'

/** `<octal mode> <user>:<group>` as the check prints it. */
function parseStat(line: string | undefined): { mode: number; owner: string; group: string } | null {
  const m = /^([0-7]{3,4}) ([^:\s]+):(\S+)$/.exec(line?.trim() ?? '')
  return m?.[1] && m[2] && m[3] ? { mode: parseInt(m[1], 8), owner: m[2], group: m[3] } : null
}

const WHAT = {
  dropin: 'the sudoers drop-in /etc/sudoers.d/openclaw-secure-setup',
  launcher: `the check launcher ${CHECK_LAUNCHER_PATH}`,
  'launcher-dir': 'the folder /usr/local/libexec/openclaw-secure-setup',
  allowlist: 'the allowlist /etc/openclaw-secure-setup/check-allowlist',
  'allowlist-dir': 'the folder /etc/openclaw-secure-setup',
} as const

export function evaluateCheckLauncher(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const first = (name: string) => s.get(name)?.[0]?.trim()
  const user = first('user')
  if (user === undefined || first('allowlist-content') === undefined) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const evidence = (Object.keys(WHAT) as (keyof typeof WHAT)[]).map((k) => `${k}: ${first(k) ?? 'absent'}`)
  if (user === 'none') {
    return { status: 'error', summary: 'The check must run through sudo from the admin account (it ran without SUDO_USER).', evidence }
  }
  if (first('dropin') === 'absent' && first('launcher') === 'absent') {
    return { status: 'fail', summary: 'Not set up: every check needs the sudo password (the login account can capture a typed password).', evidence: [...evidence, 'problem: no check-only sudo rule'] }
  }
  const problems: string[] = []
  const dropin = parseStat(first('dropin'))
  if (!dropin) problems.push(`${WHAT.dropin} is ${first('dropin') === 'link' ? 'a symbolic link' : 'missing'}`)
  else if (dropin.mode !== 0o440 || dropin.owner !== 'root' || dropin.group !== 'root') problems.push(`${WHAT.dropin} is ${first('dropin')}, not 440 root:root`)
  for (const k of ['launcher-dir', 'launcher', 'allowlist-dir', 'allowlist'] as const) {
    const st = parseStat(first(k))
    if (!st) problems.push(`${WHAT[k]} is ${first(k) === 'link' ? 'a symbolic link' : 'missing'}`)
    else if (st.owner !== 'root' || (st.mode & 0o022) !== 0) problems.push(`${WHAT[k]} is ${first(k)}: it must be owned by root and not writable by group or others`)
  }
  if (first('dropin-content') === 'differs') problems.push(`${WHAT.dropin} does not hold exactly the rule for ${user} (edited by hand?)`)
  if (first('launcher-content') === 'differs') problems.push(`${WHAT.launcher} is not the launcher of this app version (edited by hand, or from another version)`)
  const list = first('allowlist-content')
  if (list === 'differs') problems.push(`${WHAT.allowlist} is out of date: it does not list exactly this app version's checks`)
  if (list === 'unknown') problems.push("the app did not pass this version's list of checks to compare with")
  const sudoL = (s.get('sudo-l') ?? []).map((l) => l.trim()).filter((l) => l !== '')
  evidence.push(...sudoL.map((l) => `sudo -l -U ${user}: ${l}`))
  if (!sudoL.some((l) => /NOPASSWD:/.test(l) && l.includes(CHECK_LAUNCHER_PATH))) problems.push(`the rules sudo applies to ${user} (sudo -l -U ${user}) do not show the launcher with NOPASSWD`)
  if (problems.length > 0) {
    const head = problems[0] ?? ''
    return { status: 'fail', summary: `${head.charAt(0).toUpperCase()}${head.slice(1)}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}. Apply the step again.`, evidence: [...evidence, ...problems.map((p) => `problem: ${p}`)] }
  }
  return { status: 'pass', summary: `${user} may run only the check launcher as root without a password; it runs only this app version's checks.`, evidence }
}

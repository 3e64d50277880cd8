import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step ssh-password-login. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it: editing it marks saved results "re-check needed".
 */

/** The settings that let a password in, as `sshd -T` names them. */
const PASSWORD_SETTINGS: readonly { key: string; what: string }[] = [
  { key: 'passwordauthentication', what: 'password login is on (PasswordAuthentication yes)' },
  { key: 'kbdinteractiveauthentication', what: 'keyboard-interactive login is on, which asks for the password through PAM (KbdInteractiveAuthentication yes)' },
  { key: 'challengeresponseauthentication', what: 'challenge-response login is on (ChallengeResponseAuthentication yes)' },
]

export function evaluatePasswordLogin(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  if (sections.has('sshd-missing')) {
    return { status: 'error', summary: 'No OpenSSH server (sshd) is installed, so there is nothing to check.', evidence: ['sshd: command not found'] }
  }
  const settings = sections.get('sshd-t')
  const exit = sections.get('sshd-t-exit')?.[0]?.trim()
  if (!settings || exit === undefined) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  if (exit !== '0') {
    return { status: 'error', summary: `sshd -T failed with exit code ${exit}; the SSH configuration may be broken.`, evidence: settings.slice(0, 5) }
  }
  const values = new Map<string, string>()
  for (const line of settings) {
    const [key, value] = line.trim().split(/\s+/)
    if (key && value) values.set(key.toLowerCase(), value.toLowerCase())
  }
  const evidence = settings.filter((l) => l.trim() !== '')
  if (!values.has('passwordauthentication')) {
    return { status: 'error', summary: 'sshd -T did not report PasswordAuthentication.', evidence }
  }
  const problems = PASSWORD_SETTINGS.filter((s) => values.get(s.key) === 'yes').map((s) => s.what)
  const dropin = sections.get('dropin')?.[0]?.trim()
  if (dropin) evidence.push(`drop-in: ${dropin}`)
  const matches = (sections.get('match-password') ?? []).filter((l) => l.trim() !== '')
  const warnings = matches.map((m) => `warning: a Match block turns password login back on: ${m.trim()}`)
  if (problems.length > 0) {
    const first = problems[0] ?? ''
    return {
      status: 'fail',
      summary: `${first.charAt(0).toUpperCase()}${first.slice(1)}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}.`,
      evidence: [...evidence, ...problems.map((p) => `problem: ${p}`), ...warnings],
    }
  }
  return {
    status: 'pass',
    summary: matches.length > 0
      ? `Password login is off by default, but ${matches.length} Match block(s) turn it back on for some connections.`
      : 'Password login is off: the SSH server accepts keys only.',
    evidence: [...evidence, ...warnings],
  }
}

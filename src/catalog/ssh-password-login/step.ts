import type { CatalogStep, CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections, withIncludes } from '../catalog-step'
import applyScript from './apply.sh?raw'
import check from './check.sh?raw'
import sshdReload from './sshd-reload.sh?raw'
import undoScript from './undo.sh?raw'

const apply = withIncludes(applyScript, { 'sshd-reload.sh': sshdReload })
const undo = withIncludes(undoScript, { 'sshd-reload.sh': sshdReload })

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

export const sshPasswordLogin: CatalogStep = {
  meta: {
    id: 'ssh-password-login',
    layer: 3,
    title: 'SSH: key login only',
    rationale:
      'A machine that accepts SSH passwords can be attacked by guessing them, from anywhere that reaches port 22: bots try ' +
      'millions of passwords a day against every public address. With password login off, only someone holding a private key ' +
      'that is authorised on the machine can log in, and a leaked or weak password is no longer enough. The app installs and ' +
      'proves its own key first (Key login), so turning passwords off cannot lock you out.',
    warnings: [
      'Run "Key login" first: this step refuses to run until the app has proven that its key logs in to this machine.',
      'Lock-out guard: after the change the app must log in again with its key within 60 seconds; if it cannot, the machine restores the previous SSH configuration by itself.',
      'Afterwards every SSH client needs a key: log-ins that typed a password (other computers, phones, scripts) stop working until they use a key.',
    ],
    targets: ['ssh'],
    checkDescription:
      'Runs `sshd -T` as root: passwordauthentication and kbdinteractiveauthentication (and challengeresponseauthentication where sshd knows it) must be "no". ' +
      'Match blocks in sshd_config and sshd_config.d/*.conf that set them back to yes are reported as warnings.',
    effects: ['ssh-lockout-guard'],
  },
  scripts: { apply, check, undo },
  evaluate: evaluatePasswordLogin,
}

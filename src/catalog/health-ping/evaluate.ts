import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/** The timer's period; the last run must be younger than two of them (and a little slack for the timer's accuracy). */
export const PING_INTERVAL_SECONDS = 300
export const MAX_AGE_SECONDS = 2 * PING_INTERVAL_SECONDS + 60

/** `key value` lines of one section as a map (the first word is the key). */
function fields(lines: readonly string[] | undefined): Map<string, string> {
  const m = new Map<string, string>()
  for (const l of lines ?? []) {
    const i = l.indexOf(' ')
    if (i > 0 && !m.has(l.slice(0, i))) m.set(l.slice(0, i), l.slice(i + 1).trim())
  }
  return m
}

const ago = (s: number) => (s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`)

/**
 * Health monitoring: the account's timer is enabled and active with this app's units, the job script is root's and
 * unchanged, the ping URL file (600, the account's) holds the URL whose hash the app keeps (compared on the target:
 * only "match" reaches here, and the host), and the job's last run was recent, found OpenClaw healthy and got its ping
 * through. Evidence names the host at most, never the URL.
 */
export function evaluateHealthPing(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const account = s.get('hp-account')
  if (!account || account.length === 0) return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  const a = fields(account)
  if (account[0] === 'invalid') return { status: 'fail', summary: 'No OpenClaw account: the account name is not valid. Fix it in the "OpenClaw account" step.', evidence: ['account: not a valid name'] }
  if (account[0]?.startsWith('missing ')) return { status: 'fail', summary: `No OpenClaw account "${account[0].slice(8)}" on this machine. Apply the "OpenClaw account" step first.`, evidence: [`account: ${account[0].slice(8)} (not found in the passwd database)`] }
  const user = a.get('user') ?? '?'
  const t = fields(s.get('hp-timer'))
  const sc = fields(s.get('hp-script'))
  const url = fields(s.get('hp-url'))
  const st = fields(s.get('hp-status'))
  const modes = (s.get('hp-script') ?? []).filter((l) => l.startsWith('mode ')).map((l) => l.slice(5))
  const evidence = [
    `account: ${user}; PID 1: ${a.get('pid1') ?? '?'}; user bus: ${a.get('bus') ?? '?'}`,
    `timer ocss-health-ping.timer: ${t.get('enabled') || 'unknown'}, ${t.get('active') || 'unknown'}; units: service ${t.get('service') ?? '?'}, timer ${t.get('timer') ?? '?'}`,
    `job script: ${sc.get('bytes') ?? '?'}${modes.length > 0 ? `; ${modes.join('; ')}` : ''}`,
  ]
  const file = url.get('file') ?? 'missing'
  evidence.push(`ping URL file: ${file === 'missing' || file === 'symlink' ? file : `mode ${file}`}${url.has('host') ? `; host ${url.get('host')}` : ''}; hash: ${url.get('hash') ?? '-'}`)
  const now = Number(st.get('now') ?? NaN)
  const when = Number(st.get('time') ?? NaN)
  const age = Number.isFinite(now) && Number.isFinite(when) ? Math.max(0, now - when) : null
  evidence.push(age === null ? 'last run: none recorded' : `last run: ${ago(age)}; health ${st.get('health') ?? '?'}; HTTP ${st.get('http') ?? '?'}; curl exit ${st.get('curl') ?? '?'}`)

  if (a.get('pid1') !== 'systemd' || a.get('bus') !== 'yes') {
    return { status: 'fail', summary: `${user} has no running user manager, so no timer runs the health ping. Apply "Gateway service" (systemd, linger), then this step.`, evidence }
  }
  if (t.get('service') !== 'same' || t.get('timer') !== 'same') {
    const missing = t.get('service') === 'missing' && t.get('timer') === 'missing'
    return { status: 'fail', summary: missing ? 'The health ping timer is not installed. Apply this step.' : 'The health ping units in ~/.config/systemd/user are not the ones this app writes (changed or removed). Apply this step again.', evidence }
  }
  if (t.get('enabled') !== 'enabled' || t.get('active') !== 'active') {
    return { status: 'fail', summary: `The health ping timer is ${t.get('enabled') || 'unknown'} and ${t.get('active') || 'unknown'}, so nothing pings your monitor. Apply this step again.`, evidence }
  }
  if (sc.get('bytes') !== 'same' || !modes.some((m) => /^755 root root \/usr\/local\/lib\/openclaw-secure-setup\/health-ping$/.test(m)) || !modes.some((m) => /^755 root root \/usr\/local\/lib\/openclaw-secure-setup$/.test(m))) {
    return { status: 'fail', summary: 'The health ping job script is missing, changed, or not root\'s with mode 755 (the account must not be able to change what its timer runs). Apply this step again.', evidence }
  }
  if (file === 'missing' || file === 'symlink') return { status: 'fail', summary: `The ping URL file ~/.config/openclaw-secure-setup/health-ping.curl is ${file === 'missing' ? 'missing' : 'a symbolic link'}. Apply this step with your ping URL.`, evidence }
  if (file !== `600 ${user}`) return { status: 'fail', summary: `The ping URL file must be ${user}'s with mode 600 (it is ${file}): anyone who reads the URL can ping your monitor. Apply this step again.`, evidence }
  const hash = url.get('hash')
  if (hash === 'no-kept-hash' || hash === undefined) return { status: 'fail', summary: 'The app keeps no hash of your ping URL, so it cannot confirm the file holds yours. Enter the ping URL in this step and apply it.', evidence }
  if (hash !== 'match') return { status: 'fail', summary: 'The ping URL file holds a different address than the one you entered (its SHA-256 differs). Apply this step with your ping URL.', evidence }
  if (age === null) return { status: 'fail', summary: 'The health ping has not run yet (no status file). Press "Send a test ping now", or wait for the timer.', evidence }
  if (age > MAX_AGE_SECONDS) return { status: 'fail', summary: `The health ping last ran ${ago(age)}: the timer runs every 5 minutes, so it has stopped running. Apply this step again.`, evidence }
  if (st.get('health') !== 'ok') return { status: 'fail', summary: 'At the last run OpenClaw\'s health check failed (openclaw health --json --timeout 2000), so no ping was sent. Is the gateway running?', evidence }
  if (st.get('curl') !== '0') return { status: 'fail', summary: `At the last run the ping did not get through (curl exit ${st.get('curl') ?? '?'}, HTTP ${st.get('http') ?? '?'}). Check the ping URL and that the machine reaches the monitor.`, evidence }
  return { status: 'pass', summary: `Every 5 minutes ${user}'s timer runs OpenClaw's health check and pings your monitor${url.has('host') ? ` (${url.get('host')})` : ''} when it passes; the last run, ${ago(age ?? 0)}, got through.`, evidence }
}

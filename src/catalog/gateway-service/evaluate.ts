import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { parseOpenClawFacts, type Listener } from '../openclaw/facts'

const UNIT = 'openclaw-gateway.service'
const PORT = 18789

/** A listener as `ss` prints its local address: `127.0.0.1:18789`, `[::1]:18789`, `*:18789`. */
const shown = (l: Listener) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`

/** Judges the gateway's user service from the shared OpenClaw facts (ocss_oc_facts, read as root). */
export function evaluateService(output: CheckOutput): CheckVerdict {
  const facts = parseOpenClawFacts(parseSections(output.stdout))
  const pid1 = facts.pid1
  const a = facts.account
  if (pid1 === null || a.state === 'unread') {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  if (a.state === 'missing') return { status: 'fail', summary: `No OpenClaw account: There is no account "${a.user}" on this machine. Apply the "OpenClaw account" step first.`, evidence: [`PID 1: ${pid1}`] }
  if (a.state === 'invalid') return { status: 'fail', summary: 'No OpenClaw account: the account name is not valid for OpenClaw (lower-case letters, digits, - and _). Fix the account in the app\'s "OpenClaw account" step.', evidence: [`PID 1: ${pid1}`] }
  const user = a.user
  if (pid1 !== 'systemd') {
    return {
      status: 'fail',
      summary: `No service manager: PID 1 is "${pid1}", not systemd, so the gateway cannot run as a service. On WSL apply "systemd in WSL" first.`,
      evidence: [`PID 1: ${pid1}`],
    }
  }
  const u = facts.unit
  const linger = u.linger === null ? 'unknown' : u.linger ? 'on' : 'off'
  const bus = u.bus ? 'present' : 'missing'
  const unitFile = u.file.state === 'unknown' ? 'unknown' : `${u.file.state} ${u.file.path}`
  const { enabled, active } = u
  const listen = (facts.listeners ?? []).filter((l) => l.port === PORT).map(shown).sort()
  const evidence = [
    `PID 1: systemd`,
    `linger for ${user}: ${linger}`,
    `user bus: ${bus}`,
    `unit file: ${unitFile}`,
    `${UNIT}: ${enabled}, ${active}`,
    `listening: ${listen.length > 0 ? listen.join(' ') : `nothing on port ${PORT}`}`,
  ]
  if (linger !== 'on') return { status: 'fail', summary: `Linger is off for ${user}: the gateway stops when ${user} has no session. Apply this step (loginctl enable-linger ${user}).`, evidence }
  if (bus !== 'present') return { status: 'fail', summary: `${user} has no user manager (no /run/user/UID/bus) although linger is on: run systemctl restart user@UID.service, then check again.`, evidence }
  if (u.file.state === 'missing') return { status: 'fail', summary: `The gateway service is not installed (${UNIT} has no unit file). Apply this step.`, evidence }
  if (u.file.state === 'symlink') return { status: 'fail', summary: `The unit file of ${UNIT} is a symbolic link; the app expects the file openclaw gateway install writes.`, evidence }
  if (enabled !== 'enabled') return { status: 'fail', summary: `${UNIT} is ${enabled}, not enabled: it will not start with the machine. Apply this step.`, evidence }
  if (active !== 'active') return { status: 'fail', summary: `${UNIT} is enabled but ${active}, not running. See journalctl --user -u ${UNIT} as ${user}; Apply starts it.`, evidence }
  return { status: 'pass', summary: `The gateway runs as an enabled user service of ${user}, with linger on.`, evidence }
}

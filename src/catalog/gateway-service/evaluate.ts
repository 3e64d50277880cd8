import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

const UNIT = 'openclaw-gateway.service'

export function evaluateService(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const first = (name: string) => s.get(name)?.[0]?.trim()
  const pid1 = first('pid1')
  const account = first('shape-account')
  if (pid1 === undefined || account === undefined) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  if (account.startsWith('missing')) return { status: 'fail', summary: `No OpenClaw account: ${account.slice(8)}`, evidence: [`PID 1: ${pid1}`] }
  const user = account.split(' ')[0] ?? ''
  if (pid1 !== 'systemd') {
    return {
      status: 'fail',
      summary: `No service manager: PID 1 is "${pid1}", not systemd, so the gateway cannot run as a service. On WSL apply "systemd in WSL" first.`,
      evidence: [`PID 1: ${pid1}`],
    }
  }
  const linger = first('linger') ?? 'unknown'
  const bus = first('user-bus') ?? 'unknown'
  const unitFile = first('unit-file') ?? 'unknown'
  const unit = new Map((s.get('unit') ?? []).map((l) => { const [k = '', ...v] = l.trim().split(' '); return [k, v.join(' ') || 'unknown'] as const }))
  const enabled = unit.get('enabled') ?? 'unknown'
  const active = unit.get('active') ?? 'unknown'
  const listen = (s.get('listen') ?? []).map((l) => l.trim()).filter(Boolean)
  const evidence = [
    `PID 1: systemd`,
    `linger for ${user}: ${linger}`,
    `user bus: ${bus}`,
    `unit file: ${unitFile}`,
    `${UNIT}: ${enabled}, ${active}`,
    `listening: ${listen.length > 0 ? listen.join(' ') : 'nothing on port 18789'}`,
  ]
  if (linger !== 'on') return { status: 'fail', summary: `Linger is off for ${user}: the gateway stops when ${user} has no session. Apply this step (loginctl enable-linger ${user}).`, evidence }
  if (bus !== 'present') return { status: 'fail', summary: `${user} has no user manager (no /run/user/UID/bus) although linger is on: run systemctl restart user@UID.service, then check again.`, evidence }
  if (unitFile.startsWith('missing')) return { status: 'fail', summary: `The gateway service is not installed (${UNIT} has no unit file). Apply this step.`, evidence }
  if (unitFile.startsWith('symlink')) return { status: 'fail', summary: `The unit file of ${UNIT} is a symbolic link; the app expects the file openclaw gateway install writes.`, evidence }
  if (enabled !== 'enabled') return { status: 'fail', summary: `${UNIT} is ${enabled}, not enabled: it will not start with the machine. Apply this step.`, evidence }
  if (active !== 'active') return { status: 'fail', summary: `${UNIT} is enabled but ${active}, not running. See journalctl --user -u ${UNIT} as ${user}; Apply starts it.`, evidence }
  return { status: 'pass', summary: `The gateway runs as an enabled user service of ${user}, with linger on.`, evidence }
}

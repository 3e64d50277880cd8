import type { CatalogStep, CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections, withIncludes } from '../catalog-step'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import sshPorts from './ssh-ports.sh?raw'
import ufwState from './ufw-state.sh?raw'
import undoScript from './undo.sh?raw'

const apply = withIncludes(applyScript, { 'ssh-ports.sh': sshPorts, 'ufw-state.sh': ufwState })
const undo = withIncludes(undoScript, { 'ufw-state.sh': ufwState })
const check = withIncludes(checkScript, { 'ssh-ports.sh': sshPorts })

/** Finds the `ufw status verbose` rule lines that let SSH on `port` in. */
function sshRuleLines(rules: readonly string[], port: string): string[] {
  const target = new RegExp(`^(${port}(/tcp)?${port === '22' ? '|OpenSSH' : ''})(\\s|$)`)
  return rules.filter((line) => target.test(line) && /\s(ALLOW|LIMIT) IN\s/.test(line))
}

export function evaluateUfw(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  if (sections.has('ufw-missing')) {
    return { status: 'fail', summary: 'The firewall (ufw) is not installed.', evidence: ['ufw: command not found'] }
  }
  const status = sections.get('ufw-status')
  if (!status) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const statusLine = status.find((l) => l.startsWith('Status:'))
  if (!statusLine) {
    return { status: 'error', summary: 'ufw status verbose did not report a status.', evidence: status.slice(0, 5) }
  }
  const evidence: string[] = [statusLine]
  const problems: string[] = []
  if (statusLine.trim() !== 'Status: active') problems.push('the firewall (ufw) is not active')

  const ipv6 = sections.get('ipv6')?.[0]?.trim()
  if (ipv6 !== undefined) {
    evidence.push(`IPV6=${ipv6}`)
    if (ipv6 !== 'yes') problems.push('IPv6 traffic is not filtered (IPV6=no in /etc/default/ufw)')
  }
  const exit = sections.get('ufw-exit')?.[0]?.trim()
  if (exit !== undefined && exit !== '0') {
    return { status: 'error', summary: `ufw status failed with exit code ${exit}.`, evidence: status.slice(0, 5) }
  }

  const defaults = status.find((l) => l.startsWith('Default:'))
  if (defaults) {
    evidence.push(defaults)
    if (!/\b(deny|reject) \(incoming\)/.test(defaults)) problems.push('incoming connections are not denied by default')
    if (!/\ballow \(outgoing\)/.test(defaults)) problems.push('outgoing connections are not allowed by default')
  } else if (problems.length === 0) {
    problems.push('no default policy reported')
  }

  const ports = (sections.get('sshd-ports') ?? []).map((l) => l.trim()).filter((l) => /^\d+$/.test(l))
  const rules = status.slice(status.findIndex((l) => /^--\s+/.test(l)) + 1)
  if (statusLine.trim() === 'Status: active') {
    for (const port of ports) {
      const lines = sshRuleLines(rules, port)
      if (lines.length === 0) problems.push(`SSH (port ${port}/tcp) is not allowed in: enabling would lock out remote logins`)
      evidence.push(...lines)
    }
  }
  if (ports.length === 0) evidence.push('sshd: not installed (no SSH rule needed)')

  if (problems.length > 0) {
    const first = problems[0] ?? ''
    return { status: 'fail', summary: `${first.charAt(0).toUpperCase()}${first.slice(1)}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}.`, evidence: [...evidence, ...problems.map((p) => `problem: ${p}`)] }
  }
  return {
    status: 'pass',
    summary: `Active; incoming denied by default${ports.length ? `; SSH allowed on ${ports.map((p) => `${p}/tcp`).join(', ')}` : ''}.`,
    evidence,
  }
}

export const ufwFirewall: CatalogStep = {
  meta: {
    id: 'ufw-firewall',
    layer: 2,
    title: 'Host firewall (UFW)',
    rationale:
      'OpenClaw can run tools and hold tokens. A host firewall that denies every incoming connection by default means that a service ' +
      'started by mistake (a gateway bound to 0.0.0.0, a debug server, a forgotten container port) is still unreachable from the network. ' +
      'Outgoing traffic stays allowed so the agent can reach its model provider and chat channels.',
    warnings: [
      'Changing firewall rules while connected over the network can lock you out. This step allows every port the SSH server listens on before it enables the firewall.',
      'Incoming connections other than SSH will be refused until you allow them explicitly (ufw allow PORT/tcp).',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription: 'Runs `ufw status verbose` as root: it must say "Status: active", "deny (incoming)", "allow (outgoing)", and allow every port sshd listens on.',
  },
  scripts: { apply, check, undo },
  evaluate: evaluateUfw,
}

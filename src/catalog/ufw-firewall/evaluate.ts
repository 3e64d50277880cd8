import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step ufw-firewall. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it: editing it marks saved results "re-check needed".
 */

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

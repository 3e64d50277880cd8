import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step dns-static. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it.
 */

const first = (s: Map<string, string[]>, key: string) => s.get(key)?.map((l) => l.trim()).find((l) => l !== '')
const lines = (s: Map<string, string[]>, key: string) => (s.get(key) ?? []).map((l) => l.trim()).filter((l) => l !== '')
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ')

/** `resolvectl dns|domain` lines ("Global: a b", "Link 2 (eth0): c") as scope → values. */
function scopes(text: readonly string[]): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const l of text) {
    const i = l.indexOf(':')
    if (i < 0) continue
    m.set(l.slice(0, i).trim(), l.slice(i + 1).trim().split(/\s+/).filter((w) => w !== ''))
  }
  return m
}

export function evaluateDns(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const chosen = first(s, 'chosen')
  const mode = first(s, 'mode')
  const lookup = first(s, 'lookup')
  if (chosen === undefined || mode === undefined || lookup === undefined) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  if (chosen.startsWith('invalid ')) {
    return { status: 'error', summary: `No usable name-server choice: ${chosen.slice(8)}`, evidence: [`choice: ${chosen}`] }
  }
  const [choice = '', ...servers] = chosen.split(/\s+/)
  const evidence = [`chosen: ${choice} (${servers.join(', ')})`, `resolves through: ${mode === 'resolved' ? 'systemd-resolved' : '/etc/resolv.conf'}${mode === 'wsl' ? ' (WSL)' : ''}`]
  const problems: string[] = []

  if (mode === 'wsl') {
    const gen = first(s, 'wsl-generateresolvconf') ?? 'unset'
    evidence.push(`/etc/wsl.conf [network] generateResolvConf=${gen}`)
    if (gen.toLowerCase() !== 'false') problems.push(`[network] generateResolvConf is ${gen === 'unset' ? 'unset (default true: WSL rewrites /etc/resolv.conf on every start)' : gen}`)
  }

  const type = first(s, 'resolv-type') ?? 'absent'
  const nameservers = lines(s, 'resolv-nameservers')
  if (mode === 'resolved') {
    const dns = scopes(lines(s, 'resolvectl-dns'))
    const domains = scopes(lines(s, 'resolvectl-domain'))
    const global = dns.get('Global') ?? []
    const globalDomains = domains.get('Global') ?? []
    evidence.push(`resolvectl dns: Global: ${global.join(' ') || '(none)'}`, `resolvectl domain: Global: ${globalDomains.join(' ') || '(none)'}`)
    if (!sameSet(global, servers)) problems.push(`systemd-resolved's global servers are ${global.join(', ') || 'none'}, not exactly ${servers.join(', ')}`)
    if (!globalDomains.includes('~.')) problems.push('the global servers do not answer every name (no Domains=~.), so the links\' own servers are used too')
    for (const [scope, addrs] of dns) {
      if (scope === 'Global' || addrs.length === 0) continue
      const own = domains.get(scope) ?? []
      evidence.push(`resolvectl: ${scope}: ${addrs.join(' ')}${own.length > 0 ? ` for ${own.join(' ')}` : ' (not used: the global servers answer every name)'}`)
      if (own.includes('~.')) problems.push(`${scope} also answers every name (~.) with ${addrs.join(', ')}`)
    }
  } else {
    evidence.push(`/etc/resolv.conf: ${type === 'file' ? 'a file' : type}`, `nameserver lines: ${nameservers.join(' ') || '(none)'}`)
    if (type !== 'file') problems.push(`/etc/resolv.conf is ${type.startsWith('symlink') ? `a symlink to ${type.slice(8)} (rewritten by whatever owns it)` : type}, not a static file`)
    else if (!sameSet(nameservers, servers)) problems.push(`/etc/resolv.conf lists ${nameservers.join(', ') || 'no name server'}, not exactly ${servers.join(', ')}`)
    const attrs = first(s, 'resolv-attrs') ?? ''
    evidence.push(`lsattr /etc/resolv.conf: ${attrs}`)
    if (type === 'file' && !/^[^\s]*i/.test(attrs)) problems.push('/etc/resolv.conf is not immutable (lsattr shows no i flag)')
  }

  evidence.push(`lookup (getent -s dns ahostsv4): ${lookup}`)
  if (!lookup.startsWith('ok ')) problems.push(`a name did not resolve through them (${lookup})`)

  if (problems.length > 0) return { status: 'fail', summary: `DNS is not pinned: ${problems.join('; ')}.`, evidence }
  return { status: 'pass', summary: `Names resolve only through ${servers.join(', ')} (${choice})${mode === 'resolved' ? ', set in systemd-resolved' : ', in an immutable /etc/resolv.conf'}.`, evidence }
}

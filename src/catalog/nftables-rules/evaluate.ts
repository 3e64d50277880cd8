import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { NftTable, type Packet } from './nft-sim'

/*
 * The evaluator of nftables-rules. The check prints the live table and the table its boot source loads into an empty
 * network namespace, both as nft's JSON; this file sends the same packets from the sandbox bridge through each
 * (nft-sim.ts) and compares the verdicts with what the native-npm guide wants: the internet and the machine's own name
 * servers reachable, every private network, link-local address and multicast group not, no other DNS server. So a
 * table written by hand that behaves the same passes, and one missing a single rule fails naming that packet.
 */

const BRIDGE = 'docker0'
/** Probe addresses: documentation and well-known ranges, never sent anywhere (the check only simulates them). */
const INTERNET_V4 = '93.184.216.34'
const INTERNET_V6 = '2606:4700:4700::1111'
const OTHER_DNS = ['8.8.8.8', '1.1.1.1', '9.9.9.9']
/** 10/8, 172.16/12, 192.168/16, 169.254/16. */
const PRIVATE_V4 = /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.|169\.254\.)/

interface Probe {
  readonly what: string
  readonly packet: Packet
  readonly want: 'accept' | 'drop'
  /** Only noted in the evidence, never failed on (stricter than the guide). */
  readonly note?: boolean
}

const out = (daddr: string, proto: Packet['proto'], dport?: number): Packet => ({ iif: BRIDGE, oif: 'eth0', daddr, proto, ...(dport === undefined ? {} : { dport }) })

function probes(resolvers: readonly string[], lanGateway: string | undefined): Probe[] {
  const list: Probe[] = [
    { what: 'another container on the bridge', packet: { iif: BRIDGE, oif: BRIDGE, daddr: '172.17.0.3', proto: 'tcp', dport: 8080 }, want: 'accept' },
    ...resolvers.flatMap((r): Probe[] => [
      { what: `DNS at ${r} (udp/53)`, packet: out(r, 'udp', 53), want: 'accept' },
      { what: `DNS at ${r} (tcp/53)`, packet: out(r, 'tcp', 53), want: 'accept' },
    ]),
    { what: 'the internet (tcp/443)', packet: out(INTERNET_V4, 'tcp', 443), want: 'accept' },
    { what: 'the internet over IPv6 (tcp/443)', packet: out(INTERNET_V6, 'tcp', 443), want: 'accept' },
    { what: 'a NAS in 192.168.0.0/16 (tcp/445)', packet: out('192.168.1.20', 'tcp', 445), want: 'drop' },
    { what: 'a host in 10.0.0.0/8 (tcp/22)', packet: out('10.1.2.3', 'tcp', 22), want: 'drop' },
    { what: 'a host in 172.16.0.0/12 (tcp/80)', packet: out('172.20.0.5', 'tcp', 80), want: 'drop' },
    { what: 'the cloud metadata address 169.254.169.254 (tcp/80)', packet: out('169.254.169.254', 'tcp', 80), want: 'drop' },
    { what: 'a private IPv6 host in fc00::/7 (tcp/80)', packet: out('fd12:3456::20', 'tcp', 80), want: 'drop' },
    { what: 'an IPv6 link-local host fe80::/10 (tcp/22)', packet: out('fe80::1', 'tcp', 22), want: 'drop' },
    { what: 'multicast 224.0.0.251 (mDNS, udp/5353)', packet: out('224.0.0.251', 'udp', 5353), want: 'drop' },
    { what: 'IPv6 multicast ff02::fb (udp/5353)', packet: out('ff02::fb', 'udp', 5353), want: 'drop' },
    { what: 'carrier-grade NAT 100.64.0.0/10 (a Tailscale device, tcp/22)', packet: out('100.100.1.2', 'tcp', 22), want: 'drop', note: true },
  ]
  const other = OTHER_DNS.find((d) => !resolvers.includes(d))
  if (other) list.push({ what: `a DNS server this machine does not use, ${other} (udp/53)`, packet: out(other, 'udp', 53), want: 'drop' })
  // A LAN gateway is a private address; a public one (a hosted VM's) is the internet, where the sandbox may go.
  if (lanGateway && PRIVATE_V4.test(lanGateway)) {
    list.push({ what: `the LAN gateway ${lanGateway} (tcp/80, its admin page)`, packet: out(lanGateway, 'tcp', 80), want: 'drop' })
    if (!resolvers.includes(lanGateway)) list.push({ what: `the LAN gateway ${lanGateway} as a DNS server (udp/53)`, packet: out(lanGateway, 'udp', 53), want: 'drop' })
  }
  return list
}

/** The last line of a section that parses as JSON, or null. */
function jsonOf(lines: readonly string[] | undefined): unknown {
  for (const line of [...(lines ?? [])].reverse()) {
    if (!line.trim().startsWith('{')) continue
    try {
      return JSON.parse(line) as unknown
    } catch {
      return null
    }
  }
  return null
}

interface Judged {
  /** must be dropped, is accepted */
  readonly allowed: readonly string[]
  /** must be accepted, is dropped */
  readonly dropped: readonly string[]
  /** the interpreter could not follow a rule */
  readonly unknown: readonly string[]
  readonly notes: readonly string[]
  readonly lines: readonly string[]
}

/** Each probe through one table. */
function judge(table: NftTable, list: readonly Probe[]): Judged {
  const j = { allowed: [] as string[], dropped: [] as string[], unknown: [] as string[], notes: [] as string[], lines: [] as string[] }
  for (const pr of list) {
    const v = table.verdict(pr.packet)
    j.lines.push(`${pr.what}: ${v.verdict} (${v.by})`)
    if (v.verdict === pr.want) continue
    if (pr.note) j.notes.push(`${pr.what} is reachable`)
    else if (v.verdict === 'unknown') j.unknown.push(`${pr.what}: ${v.by}`)
    else (v.verdict === 'accept' ? j.allowed : j.dropped).push(pr.what)
  }
  return j
}

/** What is wrong with one table, as parts of the summary (`when`: '' for the loaded table, 'after a reboot, '). */
function problemsOf(j: Judged, when: string): string[] {
  return [
    j.allowed.length > 0 ? `${when}sandboxes can reach ${j.allowed.join(', ')}` : '',
    j.dropped.length > 0 ? `${when}sandboxes cannot reach ${j.dropped.join(', ')}${j.dropped.some((d) => d.startsWith('DNS at ')) ? ' (the table names other name servers than this machine uses now: apply again)' : ''}` : '',
    j.unknown.length > 0 ? `${when}the check cannot follow the table (${j.unknown.join('; ')})` : '',
  ].filter(Boolean)
}

const same = (a: Judged, b: Judged) => JSON.stringify([a.allowed, a.dropped, a.unknown]) === JSON.stringify([b.allowed, b.dropped, b.unknown])

export function evaluateNftables(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  if (s.has('nft-missing')) return { status: 'fail', summary: 'nftables is not installed (no nft command). Install it (sudo apt install nftables), then apply this step.', evidence: ['nft: command not found'] }
  const version = s.get('nft-version')?.[0] ?? '?'
  const resolverLine = s.get('resolvers')?.[0]?.trim() ?? ''
  const resolvers = resolverLine && resolverLine !== 'none' ? resolverLine.split(/\s+/) : []
  const lanGateway = s.get('lan-gateway')?.[0]?.trim() || undefined
  const evidence = [version, `name servers this machine uses: ${resolvers.join(', ') || 'none found'}`, `LAN gateway: ${lanGateway ?? 'none'}`]
  if (resolvers.length === 0) {
    return { status: 'fail', summary: 'This machine names no name server a sandbox could use (only a local stub, or none). Pin DNS first (step dns-static), then apply this step.', evidence }
  }
  const list = probes(resolvers, lanGateway)
  const live = jsonOf(s.get('live'))
  if (!live) return { status: 'fail', summary: 'The sandbox table (inet oc_sandbox) is not loaded, so containers on docker0 can reach your LAN (a `flush ruleset` removes it). Apply this step again.', evidence: [...evidence, 'nft list table inet oc_sandbox: no such table'] }
  const table = new NftTable(live)
  if (table.forwardChains().length === 0) return { status: 'fail', summary: 'The table inet oc_sandbox has no filter chain on the forward hook, so it filters nothing the sandbox sends. Apply this step.', evidence }
  const now = judge(table, list)
  evidence.push(...now.lines.map((l) => `live: ${l}`))
  const problems = problemsOf(now, '')

  const source = s.get('boot-source')?.[0]?.trim() ?? 'none'
  evidence.push(`at boot: ${source}`)
  if (source === 'none') problems.push('nothing loads the table at boot (neither ocss-nftables.service nor nftables.service is enabled with a file that holds it)')
  else {
    const boot = jsonOf(s.get('boot'))
    if (!boot) problems.push(`the boot source does not load the table: ${(s.get('boot') ?? []).slice(-2).join(' ') || 'no output'}`)
    else {
      const atBoot = judge(new NftTable(boot), list)
      const afterReboot = problemsOf(atBoot, 'after a reboot, ')
      if (same(atBoot, now)) evidence.push('at boot: the same verdicts as the loaded table')
      else problems.push(...(afterReboot.length > 0 ? afterReboot : ['the boot source is right: apply again (or reboot) to load it']))
    }
  }
  const flush = (s.get('flush-ruleset') ?? []).filter((l) => l.trim() && l.trim() !== 'none')
  for (const f of flush) evidence.push(`note: ${f} starts over with "flush ruleset": loading it again by hand (nft -f, systemctl restart nftables) also removes Docker's NAT rules until Docker restarts`)
  for (const n of now.notes) evidence.push(`note: ${n} (the guide's table allows it; this step's table drops it)`)
  if (problems.length > 0) {
    const text = problems.join('; ')
    return { status: 'fail', summary: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`, evidence }
  }
  return {
    status: 'pass',
    summary: `Sandboxes on ${BRIDGE} reach the internet and DNS only at ${resolvers.join(', ')}; every private network, link-local address and multicast group is dropped; loaded now and at boot (${source.split(',')[0]}).`,
    evidence,
  }
}

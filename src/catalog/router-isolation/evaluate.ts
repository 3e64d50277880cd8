import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/** One try of the probe: a TCP port or ICMP, its result and how long it took. */
interface Try {
  readonly device: string
  readonly what: string
  readonly result: string
  readonly ms: number
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
/** What counts as "the device is there": a TCP connect accepted, one refused with a reset (something answered), a ping reply. */
const ANSWERED = new Set(['open', 'refused', 'reply'])
const SAID: Readonly<Record<string, string>> = {
  open: 'open',
  refused: 'refused (something at that address answered)',
  timeout: 'no answer',
  noroute: 'no route',
  blocked: "blocked by this machine's own firewall",
  other: 'failed',
  reply: 'reply',
  'no-reply': 'no reply',
  error: 'no route',
  'no-ping': 'not tried (no ping on this machine)',
}

const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0)

/** [first, last] address of a network given as addr/prefix (the address need not be the network's first). */
function range(cidr: string): [number, number] | null {
  const [addr, bits] = cidr.split('/')
  const n = Number(bits)
  if (addr === undefined || !IPV4.test(addr) || !/^\d{1,2}$/.test(bits ?? '') || n > 32) return null
  const size = 2 ** (32 - n)
  const first = Math.floor(toInt(addr) / size) * size
  return [first, first + size - 1]
}
const overlaps = (a: [number, number], b: [number, number]): boolean => a[0] <= b[1] && b[0] <= a[1]
const network = (r: [number, number], cidr: string): string => {
  const a = r[0]
  return `${[a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.')}/${cidr.split('/')[1] ?? ''}`
}

function parseTries(lines: readonly string[]): Try[] {
  return lines.flatMap((l) => {
    const m = /^(\S+) (tcp\/\d{1,5}|icmp) ([a-z-]+) (\d+)$/.exec(l.trim())
    return m?.[1] && m[2] && m[3] && m[4] ? [{ device: m[1], what: m[2], result: m[3], ms: Number(m[4]) }] : []
  })
}

/** "tcp 22, 53 no answer; tcp/80 refused (…); ping no reply": the tries of one device, grouped by result. */
function describeDevice(tries: readonly Try[]): string {
  const tcp = new Map<string, string[]>()
  for (const t of tries.filter((x) => x.what.startsWith('tcp/'))) tcp.set(t.result, [...(tcp.get(t.result) ?? []), t.what.slice(4)])
  const parts = [...tcp].map(([result, ports]) => `tcp ${ports.join(', ')} ${SAID[result] ?? result}`)
  const icmp = tries.find((t) => t.what === 'icmp')
  if (icmp) parts.push(`ping ${SAID[icmp.result] ?? icmp.result}`)
  return parts.join('; ')
}

const error = (summary: string, evidence: readonly string[]): CheckVerdict => ({ status: 'error', summary, evidence: evidence.length > 0 ? evidence : ['(no usable output)'] })

/**
 * Layer 1, the probe beside the manual confirmation: fails when any home device the person named answers from this
 * machine (a TCP port accepts or refuses, or ping replies), or when one of this machine's own networks, or its default
 * gateway, lies in the home subnet. Passes when none answers and no network overlaps. No devices named: not applicable
 * (the checklist item stays the person's confirmation alone).
 */
export function evaluateRouterIsolation(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const kind = s.get('kind')?.[0]?.trim()
  const inputs = s.get('inputs') ?? []
  const devicesLine = inputs.find((l) => l.startsWith('devices '))?.slice(8).trim()
  const subnet = inputs.find((l) => l.startsWith('subnet '))?.slice(7).trim()
  if ((kind !== 'ssh' && kind !== 'wsl') || devicesLine === undefined || subnet === undefined) return error('The probe printed nothing usable.', output.stdout.split('\n').slice(0, 5))
  if (devicesLine === 'none') {
    return {
      status: 'not-applicable',
      summary: 'No home devices named, so the probe did not run. Enter your home devices (the NAS, the main router) and your home subnet in this step and run it; until then the checklist item is your confirmation alone.',
      evidence: ['home devices: none named'],
    }
  }
  if (devicesLine === 'invalid' || subnet === 'invalid') {
    return error('The saved home devices or home subnet are not valid IPv4 addresses or a network; nothing was probed. Enter them again in this step and run it.', [`home devices: ${devicesLine.slice(0, 200)}`, `home subnet: ${subnet.slice(0, 40)}`])
  }
  const devices = devicesLine.split(',')
  const home = subnet === 'none' ? null : range(subnet)
  if (devices.some((d) => !IPV4.test(d)) || (subnet !== 'none' && !home)) return error('The probe printed home devices or a subnet it should have refused.', [`home devices: ${devicesLine.slice(0, 200)}`])

  const addrs = (s.get('addr') ?? []).flatMap((l) => {
    const [dev, cidr] = l.trim().split(' ')
    const r = cidr ? range(cidr) : null
    return dev && cidr && r && !cidr.startsWith('127.') ? [{ dev, cidr, r }] : []
  })
  const route = (s.get('route') ?? []).map((l) => l.trim()).filter((l) => l.startsWith('default '))
  const gateways = route.flatMap((l) => /\bvia (\S+)/.exec(l)?.[1] ?? []).filter((g) => IPV4.test(g))
  const nameservers = (s.get('resolv') ?? []).map((l) => l.trim()).filter((l) => IPV4.test(l))
  const tries = parseTries(s.get('probe') ?? [])
  const timing = /^total-ms (\d+) budget-ms (\d+) try-ms (\d+) tries (\d+)$/.exec((s.get('timing')?.[0] ?? '').trim())
  const routeGet = new Map((s.get('route-get') ?? []).map((l) => [l.split(' ')[0] ?? '', l.slice(l.indexOf(' ') + 1).trim()]))
  if (!timing || tries.length !== Number(timing[4])) return error('The probe did not finish: its results are incomplete. Run the step again; if it repeats, the terminal output says why.', (s.get('probe') ?? []).slice(0, 5))

  const evidence: string[] = []
  evidence.push(`home subnet: ${subnet === 'none' ? 'not given (only the devices were probed)' : subnet}`)
  evidence.push(`this machine: ${addrs.length > 0 ? addrs.map((a) => `${a.dev} ${a.cidr}`).join(', ') : 'no IPv4 address besides loopback'}; ${route.length > 0 ? route.map((r) => r.replace(/^default /, 'default route ')).join('; ') : 'no default route'}`)
  const natGateway = gateways.find((g) => range(`${g}/12`)?.[0] === toInt('172.16.0.0'))
  if (kind === 'wsl') {
    evidence.push(
      natGateway && addrs.some((a) => toInt(a.cidr.split('/')[0] ?? '') >>> 20 === toInt('172.16.0.0') >>> 20)
        ? `WSL: NAT networking (the default): the Linux side is behind the Windows host ${natGateway}${nameservers.length > 0 ? ` (name server ${nameservers.join(', ')})` : ''}; Windows itself is on whatever network the laptop joined, which this check cannot see from inside. The probe goes out through Windows, so the devices' answers above are what counts.`
        : `WSL: the Linux side has no 172.16.0.0/12 NAT address behind the Windows host, so it likely runs mirrored networking (networkingMode=mirrored in .wslconfig, which this check cannot read from Linux): these are the Windows host's own networks.`,
    )
  }

  const problems: string[] = []
  const reached: string[] = []
  for (const d of devices) {
    const mine = tries.filter((t) => t.device === d)
    const answered = mine.filter((t) => ANSWERED.has(t.result))
    const route = routeGet.get(d)
    evidence.push(`${d}: ${answered.length > 0 ? 'REACHABLE' : 'unreachable'}: ${describeDevice(mine)}${route ? ` (route: ${route.replace(/ uid \d+\s*$/, '').slice(0, 120)})` : ''}`)
    if (answered.length > 0) reached.push(`${d} (${answered.map((t) => (t.what === 'icmp' ? 'ping' : `${t.what} ${t.result}`)).join(', ')})`)
  }
  const refusedToo = tries.some((t) => t.result === 'refused') ? ' A refused port counts too: something at that address answered.' : ''
  if (reached.length > 0) problems.push(`Home device${reached.length > 1 ? 's' : ''} reachable from this machine: ${reached.join('; ')}.${refusedToo}`)
  if (home) {
    const inside = addrs.filter((a) => overlaps(a.r, home))
    if (inside.length > 0) problems.push(`This machine's own network ${inside.map((a) => `${network(a.r, a.cidr)} (${a.dev} ${a.cidr})`).join(', ')} overlaps your home subnet ${subnet}: it sits on the home network.`)
    const gw = gateways.filter((g) => overlaps([toInt(g), toInt(g)], home))
    if (gw.length > 0) problems.push(`Its default gateway ${gw.join(', ')} is in your home subnet ${subnet}: its traffic goes through the home network.`)
  }
  const [, total, budget, tryMs] = timing
  evidence.push(`probe: ${devices.length} device(s) × 9 TCP ports + ping, all at once, each try at most ${tryMs} ms; finished in ${total} ms (budget ${budget} ms)${Number(total) > Number(budget) ? ': slower than its budget (a busy machine)' : ''}`)
  if (problems.length > 0) {
    return { status: 'fail', summary: `${problems.join(' ')} Put this machine on its own router, guest network or VLAN (docs/layer-1-router.md), then run the probe again.`, evidence }
  }
  return {
    status: 'pass',
    summary: `None of the ${devices.length} home device(s) answered (9 TCP ports and ping each)${home ? `, and no network of this machine overlaps your home subnet ${subnet}` : ''}${kind === 'wsl' && natGateway ? ' (WSL: the Linux side is behind Windows\' NAT; the probe went out through Windows)' : ''}.`,
    evidence,
  }
}

/*
 * A small interpreter of nft's JSON (`nft -j list table …`) for one question: what verdict does a table give a packet
 * in its forward chains? Enough of nft for the rules people write for a sandbox bridge (interface names, address
 * families, daddr against values, prefixes, ranges and named sets, l4proto, dport, ct state, counter/log, jump/goto).
 * Anything else makes it say so instead of guessing. Part of nftables-rules' evaluator (imported as text too).
 */

/** A packet leaving a container: the bridge it enters on, where it goes. */
export interface Packet {
  readonly iif: string
  readonly oif: string
  readonly daddr: string
  readonly proto: 'tcp' | 'udp' | 'icmp'
  readonly dport?: number
}

export type SimVerdict = { readonly verdict: 'accept' | 'drop'; readonly by: string } | { readonly verdict: 'unknown'; readonly by: string }

type Json = unknown
type Obj = Record<string, Json>
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An IPv4 or IPv6 address as a number and its width, or null. */
function addr(text: string): { v: bigint; bits: 32 | 128 } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number)
    if (parts.some((p) => p > 255)) return null
    return { v: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), bits: 32 }
  }
  if (!text.includes(':')) return null
  const [head = '', tail = ''] = text.split('::')
  const h = head ? head.split(':') : []
  const t = text.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = text.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null
  return { v: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 }
}

/** Does the address `a` match one element of nft's JSON (an address, a prefix, a range)? */
function addrMatches(a: string, el: Json): boolean {
  const x = addr(a)
  if (!x) return false
  if (typeof el === 'string') {
    const y = addr(el)
    return !!y && y.bits === x.bits && y.v === x.v
  }
  if (isObj(el) && isObj(el.prefix)) {
    const p = addr(String(el.prefix.addr))
    const len = Number(el.prefix.len)
    if (!p || p.bits !== x.bits) return false
    const shift = BigInt(x.bits - len)
    return x.v >> shift === p.v >> shift
  }
  if (isObj(el) && Array.isArray(el.range)) {
    const lo = addr(String(el.range[0]))
    const hi = addr(String(el.range[1]))
    return !!lo && !!hi && lo.bits === x.bits && x.v >= lo.v && x.v <= hi.v
  }
  return false
}

class Unknown extends Error {}

export class NftTable {
  private readonly sets = new Map<string, Json[]>()
  private readonly chains = new Map<string, { hook?: string; type?: string; policy?: string; rules: Json[][] }>()

  constructor(json: Json) {
    const items = isObj(json) && Array.isArray(json.nftables) ? json.nftables : []
    for (const item of items) {
      if (!isObj(item)) continue
      if (isObj(item.set)) this.sets.set(String(item.set.name), Array.isArray(item.set.elem) ? item.set.elem : [])
      if (isObj(item.chain)) {
        const c = item.chain
        this.chains.set(String(c.name), { ...(typeof c.hook === 'string' ? { hook: c.hook } : {}), ...(typeof c.type === 'string' ? { type: c.type } : {}), ...(typeof c.policy === 'string' ? { policy: c.policy } : {}), rules: [] })
      }
    }
    for (const item of items) {
      if (isObj(item) && isObj(item.rule) && Array.isArray(item.rule.expr)) this.chains.get(String(item.rule.chain))?.rules.push(item.rule.expr)
    }
  }

  /** The table's filter chains on the forward hook. */
  forwardChains(): string[] {
    return [...this.chains].filter(([, c]) => c.hook === 'forward' && (c.type ?? 'filter') === 'filter').map(([n]) => n)
  }

  /** The verdict of every forward chain together: one drop drops, as in the kernel; no forward chain accepts. */
  verdict(p: Packet): SimVerdict {
    let last: SimVerdict = { verdict: 'accept', by: 'no forward chain' }
    for (const name of this.forwardChains()) {
      const v = this.runChain(name, p, 0)
      if (v.verdict !== 'accept') return v
      last = v
    }
    return last
  }

  private runChain(name: string, p: Packet, depth: number): SimVerdict {
    const chain = this.chains.get(name)
    if (!chain || depth > 8) return { verdict: 'unknown', by: `chain ${name} (missing, or jumps too deep)` }
    for (const [i, expr] of chain.rules.entries()) {
      let r: SimVerdict | 'next' | 'return'
      try {
        r = this.runRule(expr, p, depth, `${name} rule ${i + 1}`)
      } catch (e) {
        return { verdict: 'unknown', by: `${name} rule ${i + 1}: ${e instanceof Error ? e.message : String(e)}` }
      }
      if (r === 'return') break
      if (r !== 'next') return r
    }
    return { verdict: chain.policy === 'drop' ? 'drop' : 'accept', by: chain.hook ? `${name} policy ${chain.policy ?? 'accept'}` : `${name} (end)` }
  }

  private runRule(expr: Json[], p: Packet, depth: number, where: string): SimVerdict | 'next' | 'return' {
    for (const e of expr) {
      if (!isObj(e)) throw new Unknown('an expression nft did not print as an object')
      const [kind] = Object.keys(e)
      const body = kind === undefined ? undefined : e[kind]
      switch (kind) {
        case 'match':
          if (!isObj(body) || !this.matches(body, p)) return 'next'
          break
        case 'counter':
        case 'log':
        case 'limit':
          break
        case 'accept':
        case 'drop':
          return { verdict: kind, by: where }
        case 'reject':
          return { verdict: 'drop', by: `${where} (reject)` }
        case 'return':
          return 'return'
        case 'jump':
        case 'goto': {
          const target = isObj(body) ? String(body.target) : ''
          const v = this.runChain(target, p, depth + 1)
          if (kind === 'goto' || v.verdict !== 'accept' || !v.by.endsWith('(end)')) return v
          break
        }
        default:
          throw new Unknown(`"${kind ?? '?'}" is not something this check can follow`)
      }
    }
    return 'next'
  }

  private matches(m: Obj, p: Packet): boolean {
    const op = String(m.op ?? '==')
    if (op !== '==' && op !== '!=' && op !== 'in') throw new Unknown(`operator ${op}`)
    const hit = this.test(m.left, m.right, p)
    if (hit === null) return false // a match on another protocol's header never matches
    return op === '!=' ? !hit : hit
  }

  /** true/false, or null when the packet has no such field (an ip6 match on an IPv4 packet, tcp dport on udp). */
  private test(left: Json, right: Json, p: Packet): boolean | null {
    const v4 = addr(p.daddr)?.bits === 32
    const values = (r: Json): Json[] => {
      if (typeof r === 'string' && r.startsWith('@')) {
        const s = this.sets.get(r.slice(1))
        if (!s) throw new Unknown(`set ${r} is not in the table`)
        return s
      }
      if (isObj(r) && Array.isArray(r.set)) return r.set
      return [r]
    }
    const anyOf = (r: Json, f: (x: Json) => boolean) => values(r).some(f)
    if (isObj(left) && isObj(left.meta)) {
      const key = String(left.meta.key)
      if (key === 'iifname') return anyOf(right, (x) => x === p.iif)
      if (key === 'oifname') return anyOf(right, (x) => x === p.oif)
      if (key === 'l4proto') return anyOf(right, (x) => x === p.proto)
      if (key === 'nfproto') return anyOf(right, (x) => x === (v4 ? 'ipv4' : 'ipv6'))
      throw new Unknown(`meta ${key}`)
    }
    if (isObj(left) && isObj(left.payload)) {
      const { protocol, field } = left.payload
      if ((protocol === 'ip' || protocol === 'ip6') && field === 'daddr') {
        if ((protocol === 'ip') !== v4) return null
        return anyOf(right, (x) => addrMatches(p.daddr, x))
      }
      if ((protocol === 'tcp' || protocol === 'udp' || protocol === 'th') && field === 'dport') {
        if (p.dport === undefined || (protocol !== 'th' && protocol !== p.proto)) return null
        return anyOf(right, (x) => (typeof x === 'number' ? x === p.dport : isObj(x) && Array.isArray(x.range) ? p.dport! >= Number(x.range[0]) && p.dport! <= Number(x.range[1]) : false))
      }
      throw new Unknown(`${String(protocol)} ${String(field)}`)
    }
    if (isObj(left) && isObj(left.ct) && left.ct.key === 'state') {
      // A sandbox opening a connection: its first packet is "new".
      return anyOf(right, (x) => x === 'new' || (Array.isArray(x) && x.includes('new')))
    }
    throw new Unknown('a match on something else than interfaces, addresses, protocols, ports or ct state')
  }
}

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NftTable } from './nft-sim'
import { nftablesRules } from './step'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const evaluate = (stdout: string) => nftablesRules.evaluate({ exitCode: 0, stdout })
/** The live table's JSON of a fixture. */
const liveJson = (name: string): unknown => JSON.parse(fixture(name).split('### live\n')[1]?.split('\n')[0] ?? '{}')
const out = (daddr: string, proto: 'tcp' | 'udp', dport: number) => ({ iif: 'docker0', oif: 'eth0', daddr, proto, dport })

describe('nftables-rules evaluator (fixtures with nft 1.0.6\'s real JSON)', () => {
  it('passes this step\'s own table, naming the servers and what loads it at boot', () => {
    const v = evaluate(fixture('applied.pass.txt'))
    expect(v.summary).toBe('Sandboxes on docker0 reach the internet and DNS only at 9.9.9.9, 149.112.112.112; every private network, link-local address and multicast group is dropped; loaded now and at boot (ocss-nftables.service enabled).')
    expect(v.evidence).toContain('live: a NAS in 192.168.0.0/16 (tcp/445): drop (forward rule 3)')
    expect(v.evidence).toContain('live: DNS at 9.9.9.9 (udp/53): accept (forward rule 2)')
    expect(v.evidence).toContain('at boot: the same verdicts as the loaded table')
  })

  it('passes a table written by hand that behaves the same, with a note on the flush ruleset of its boot file', () => {
    const v = evaluate(fixture('hand-made.pass.txt'))
    expect(v.status).toBe('pass')
    expect(v.evidence).toContain('live: the cloud metadata address 169.254.169.254 (tcp/80): drop (sandbox_out rule 1)')
    expect(v.evidence).toContain('live: a DNS server this machine does not use, 8.8.8.8 (udp/53): drop (forward rule 6 (reject))')
    expect(v.evidence.join('\n')).toMatch(/note: \/etc\/nftables\.conf starts over with "flush ruleset"/)
    expect(v.evidence.join('\n')).toMatch(/note: carrier-grade NAT 100\.64\.0\.0\/10 .* is reachable \(the guide's table allows it; this step's table drops it\)/)
  })

  it('fails the guide\'s own table for what it lets through: DNS anywhere, private IPv6, multicast', () => {
    expect(evaluate(fixture('guide-table.fail.txt')).summary).toBe(
      'Sandboxes can reach a private IPv6 host in fc00::/7 (tcp/80), an IPv6 link-local host fe80::/10 (tcp/22), multicast 224.0.0.251 (mDNS, udp/5353), IPv6 multicast ff02::fb (udp/5353), a DNS server this machine does not use, 9.9.9.9 (udp/53).',
    )
  })

  it('fails each break for its own reason', () => {
    expect(evaluate(fixture('flushed.fail.txt')).summary).toMatch(/^The sandbox table \(inet oc_sandbox\) is not loaded, so containers on docker0 can reach your LAN/)
    expect(evaluate(fixture('lan-rule-deleted.fail.txt')).summary).toBe(
      'Sandboxes can reach a NAS in 192.168.0.0/16 (tcp/445), a host in 10.0.0.0/8 (tcp/22), a host in 172.16.0.0/12 (tcp/80), the cloud metadata address 169.254.169.254 (tcp/80), the LAN gateway 192.168.1.1 (tcp/80, its admin page); the boot source is right: apply again (or reboot) to load it.',
    )
    expect(evaluate(fixture('boot-differs.fail.txt')).summary).toMatch(/^After a reboot, sandboxes can reach a NAS in 192\.168\.0\.0\/16/)
    expect(evaluate(fixture('not-at-boot.fail.txt')).summary).toMatch(/^Nothing loads the table at boot/)
    expect(evaluate(fixture('dns-changed.fail.txt')).summary).toMatch(/^Sandboxes cannot reach DNS at 192\.168\.1\.1 \(udp\/53\), DNS at 192\.168\.1\.1 \(tcp\/53\) \(the table names other name servers than this machine uses now: apply again\)/)
    expect(evaluate(fixture('no-resolvers.fail.txt')).summary).toMatch(/names no name server a sandbox could use/)
    expect(evaluate(fixture('nft-missing.fail.txt')).summary).toMatch(/sudo apt install nftables/)
  })

  it('probes the LAN gateway only when it is a private address (a hosted VM\'s public gateway is the internet)', () => {
    const applied = fixture('applied.pass.txt')
    expect(evaluate(applied).evidence.some((e) => e.startsWith('live: the LAN gateway 192.168.1.1 (tcp/80'))).toBe(true)
    const hosted = evaluate(applied.replace('### lan-gateway\n192.168.1.1', '### lan-gateway\n203.0.113.1'))
    expect(hosted.status).toBe('pass')
    expect(hosted.evidence.some((e) => e.includes('the LAN gateway'))).toBe(false)
    expect(hosted.evidence).toContain('LAN gateway: 203.0.113.1')
  })

  it('with the router as name server: DNS to it passes, its admin page does not', () => {
    const v = evaluate(fixture('router-dns.pass.txt'))
    expect(v.status).toBe('pass')
    expect(v.evidence).toContain('live: DNS at 192.168.1.1 (udp/53): accept (forward rule 2)')
    expect(v.evidence).toContain('live: the LAN gateway 192.168.1.1 (tcp/80, its admin page): drop (forward rule 3)')
  })
})

describe('nft-sim: the verdicts nft would give (the interpreter on real JSON)', () => {
  const table = new NftTable(liveJson('applied.pass.txt'))
  it('follows interfaces, families, sets, prefixes, l4proto and th dport', () => {
    expect(table.verdict(out('192.168.77.9', 'tcp', 22)).verdict).toBe('drop')
    expect(table.verdict(out('149.112.112.112', 'tcp', 53)).verdict).toBe('accept')
    expect(table.verdict(out('149.112.112.112', 'tcp', 80)).verdict).toBe('accept') // a public address: the internet
    expect(table.verdict(out('100.100.1.2', 'tcp', 22)).verdict).toBe('drop')
    expect(table.verdict({ iif: 'eth0', oif: 'docker0', daddr: '172.17.0.2', proto: 'tcp', dport: 80 }).verdict).toBe('accept') // not from the sandbox
    expect(table.verdict(out('fe80::1', 'udp', 53)).verdict).toBe('drop')
  })
  it('says "unknown" for a rule it cannot follow instead of guessing', () => {
    const odd = { nftables: [{ chain: { name: 'forward', hook: 'forward', type: 'filter', policy: 'accept' } }, { rule: { chain: 'forward', expr: [{ match: { op: '==', left: { meta: { key: 'skuid' } }, right: 0 } }, { drop: null }] } }] }
    const v = new NftTable(odd).verdict(out('192.168.1.20', 'tcp', 445))
    expect(v).toEqual({ verdict: 'unknown', by: 'forward rule 1: meta skuid' })
  })
})

describe('nftables-rules scripts', () => {
  it('are ShellCheck-clean as sent, never flush the ruleset, and check the file with nft -c before loading it', () => {
    for (const [name, script] of Object.entries(nftablesRules.scripts)) {
      expect(spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' }).stdout, name).toBe('')
      expect(script, name).not.toMatch(/^\s*nft[^\n]*flush ruleset/m)
    }
    const apply = nftablesRules.scripts.apply
    expect(apply.indexOf('nft -c -f "$tmp"')).toBeGreaterThan(0)
    expect(apply.indexOf('nft -c -f "$tmp"')).toBeLessThan(apply.indexOf('systemctl restart "$ocss_nft_unit"'))
    expect(nftablesRules.scripts.undo).toContain('nft delete table inet oc_sandbox')
  })

  it('the generated file is what nft accepts: nft -c -f in a new network namespace (nothing of this machine touched)', () => {
    const gen = spawnSync('bash', ['-c', `${readFileSync(join(__dirname, 'nft.sh'), 'utf8')}\nocss_nft_table_text 9.9.9.9 149.112.112.112`], { encoding: 'utf8' })
    expect(gen.status, gen.stderr).toBe(0)
    const r = spawnSync('unshare', ['--net', '--', 'nft', '-c', '-f', '-'], { input: gen.stdout, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    expect(gen.stdout).toMatch(/^table inet oc_sandbox\ndelete table inet oc_sandbox\ntable inet oc_sandbox \{$/m)
  })
})

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inputSchema } from '../../shared/step-inputs'
import { withIncludes } from '../catalog-step'
import dnsLib from '../lib/dns.sh?raw'
import { DNS_CHOICES, dnsServers, dnsServersShell } from './servers'
import { dnsStatic, evaluateDns } from './step'

const fixture = (name: string) => evaluateDns({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures', name), 'utf8') })

describe('dns-static evaluator: each break fails for its own reason', () => {
  it('the lab after apply passes with one evidence line per check', () => {
    const v = fixture('lab-applied.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'Names resolve only through 9.9.9.9, 149.112.112.112 (quad9), in an immutable /etc/resolv.conf.' })
    expect(v.evidence).toEqual([
      'chosen: quad9 (9.9.9.9, 149.112.112.112)',
      'resolves through: /etc/resolv.conf',
      '/etc/resolv.conf: a file',
      'nameserver lines: 9.9.9.9 149.112.112.112',
      'lsattr /etc/resolv.conf: ----i---------e-------',
      'lookup (getent -s dns ahostsv4): ok example.com 192.0.2.80',
    ])
  })

  it('WSL after apply passes and shows the wsl.conf value', () => {
    const v = fixture('wsl-applied.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.evidence).toContain('/etc/wsl.conf [network] generateResolvConf=false')
  })

  it.each([
    ['lab-before.fail.txt', 'DNS is not pinned: /etc/resolv.conf is a symlink to ../run/resolvconf/resolv.conf (rewritten by whatever owns it), not a static file; a name did not resolve through them (failed example.com exit 2).'],
    ['not-immutable.fail.txt', 'DNS is not pinned: /etc/resolv.conf is not immutable (lsattr shows no i flag).'],
    ['extra-nameserver.fail.txt', 'DNS is not pinned: /etc/resolv.conf lists 9.9.9.9, 149.112.112.112, 10.0.0.1, not exactly 9.9.9.9, 149.112.112.112.'],
    ['resolver-down.fail.txt', 'DNS is not pinned: a name did not resolve through them (failed example.com exit 2).'],
    ['other-choice-saved.fail.txt', 'DNS is not pinned: /etc/resolv.conf lists 9.9.9.9, 149.112.112.112, not exactly 8.8.8.8, 8.8.4.4.'],
    ['wsl-generate-true.fail.txt', 'DNS is not pinned: [network] generateResolvConf is true.'],
    ['resolved-lab-before.fail.txt', 'DNS is not pinned: systemd-resolved\'s global servers are none, not exactly 9.9.9.9, 149.112.112.112; the global servers do not answer every name (no Domains=~.), so the links\' own servers are used too; a name did not resolve through them (failed example.com exit 2).'],
    ['resolved-ubuntu-stock.fail.txt', 'DNS is not pinned: systemd-resolved\'s global servers are none, not exactly 9.9.9.9, 149.112.112.112; the global servers do not answer every name (no Domains=~.), so the links\' own servers are used too.'],
    ['resolved-vpn-catchall.fail.txt', 'DNS is not pinned: Link 5 (tun0) also answers every name (~.) with 10.8.0.1.'],
    ['resolved-no-routing-domain.fail.txt', 'DNS is not pinned: the global servers do not answer every name (no Domains=~.), so the links\' own servers are used too.'],
  ])('%s fails: %s', (file, summary) => {
    expect(fixture(file)).toMatchObject({ status: 'fail', summary })
  })

  it('a stock WSL distribution names all three problems', () => {
    expect(fixture('wsl-stock.fail.txt').summary).toBe(
      'DNS is not pinned: [network] generateResolvConf is unset (default true: WSL rewrites /etc/resolv.conf on every start); /etc/resolv.conf is a symlink to ' +
        '/mnt/wsl/resolv.conf (rewritten by whatever owns it), not a static file; a name did not resolve through them (failed example.com exit 2).')
  })

  it('systemd-resolved after apply passes from resolvectl, the DHCP link shown as used only for its own domain', () => {
    const v = fixture('resolved-applied.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'Names resolve only through 9.9.9.9, 149.112.112.112 (quad9), set in systemd-resolved.' })
    expect(v.evidence).toEqual(expect.arrayContaining(['resolvectl dns: Global: 9.9.9.9 149.112.112.112', 'resolvectl domain: Global: ~.', 'resolvectl: Link 2 (eth0): 192.168.1.1 for lan']))
    expect(v.evidence.some((e) => e.startsWith('lsattr'))).toBe(false)
    expect(fixture('resolved-lab-applied.pass.txt')).toMatchObject({ status: 'pass', evidence: expect.arrayContaining(['lookup (getent -s dns ahostsv4): ok example.com 192.0.2.80']) })
  })

  it('the router choice passes with its one address; without an address the check is an error, not a verdict', () => {
    expect(fixture('router-applied.pass.txt').status).toBe('pass')
    expect(fixture('router-without-address.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/^No usable name-server choice: The router choice needs the router's IPv4 address/) })
    expect(evaluateDns({ exitCode: 0, stdout: 'oops\n' }).status).toBe('error')
  })
})

describe('dns-static name servers (servers.ts): one setting, one source', () => {
  const lib = withIncludes('# @include dns-servers.sh\n# @include dns.sh\n', { 'dns-servers.sh': dnsServersShell(), 'dns.sh': dnsLib })
  const servers = (env: Record<string, string>) => spawnSync('bash', ['-c', `${lib}\nocss_dns_servers`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' })

  it('four choices, each with its addresses and a one-line privacy note; the guide\'s Google pair among them', () => {
    expect(DNS_CHOICES.map((c) => c.value)).toEqual(['router', 'quad9', 'cloudflare', 'google'])
    expect(dnsServers('google')).toEqual(['8.8.8.8', '8.8.4.4'])
    expect(dnsServers('router', '192.168.1.1')).toEqual(['192.168.1.1'])
    expect(dnsServers('router')).toEqual([])
    for (const c of DNS_CHOICES) expect(c.privacy).toMatch(/^[^\n]{20,160}$/)
  })

  it('the scripts map every choice exactly as servers.ts does (generated from it), and check the inputs again', () => {
    for (const c of DNS_CHOICES.filter((x) => x.value !== 'router')) expect(servers({ OCSS_IN_SERVERS: c.value }).stdout).toBe(`${c.addresses.join(' ')}\n`)
    expect(servers({}).stdout).toBe('9.9.9.9 149.112.112.112\n') // the default choice
    expect(servers({ OCSS_IN_SERVERS: 'router', OCSS_IN_ROUTER_IP: '192.168.1.1' }).stdout).toBe('192.168.1.1\n')
    const noIp = servers({ OCSS_IN_SERVERS: 'router', OCSS_IN_ROUTER_IP: '192.168.1.300' })
    expect(noIp.status).toBe(1)
    expect(noIp.stderr).toMatch(/The router choice needs the router's IPv4 address \(such as 192\.168\.1\.1\); got '192\.168\.1\.300'\. Enter it in the step's form\./)
    // A value with a line break: one of its lines is an address, the whole is not (job inputs keep line breaks).
    const twoLines = servers({ OCSS_IN_SERVERS: 'router', OCSS_IN_ROUTER_IP: 'evil\n1.1.1.1' })
    expect(twoLines.status).toBe(1)
    expect(twoLines.stdout).toBe('')
    const bogus = servers({ OCSS_IN_SERVERS: 'opendns; rm -rf /' })
    expect(bogus.status).toBe(1)
    expect(bogus.stderr).toMatch(/Unknown name-server choice .*: choose router, quad9, cloudflare or google\./)
  })

  it('the form: a choice (default Quad9) with every privacy note, the router address required only for the router', () => {
    const schema = inputSchema(dnsStatic.meta.inputs ?? [])
    expect(schema.parse({})).toEqual({ SERVERS: 'quad9' })
    expect(schema.parse({ SERVERS: 'router', ROUTER_IP: '192.168.1.1' })).toEqual({ SERVERS: 'router', ROUTER_IP: '192.168.1.1' })
    expect(schema.safeParse({ SERVERS: 'router' }).error?.issues.map((i) => i.message)).toEqual(['Router address is required when Name servers is "My router".'])
    expect(() => schema.parse({ SERVERS: 'router', ROUTER_IP: '192.168.1' })).toThrow(/Router address must be an IPv4 address/)
    expect(() => schema.parse({ SERVERS: 'opendns' })).toThrow(/Name servers must be one of: router, quad9, cloudflare, google/)
    const help = dnsStatic.meta.inputs?.[0]?.help ?? ''
    const table = dnsStatic.meta.why?.[0]?.table?.rows.map((r) => r[2]) ?? []
    for (const c of DNS_CHOICES) {
      expect(help).toContain(c.privacy)
      expect(table).toContain(c.privacy)
    }
  })
})

describe('dns-static scripts', () => {
  it('are valid bash with the helpers written in, and on both targets with the distro restart', () => {
    for (const script of Object.values(dnsStatic.scripts)) {
      expect(script).toContain('ocss_dns_choice_servers() {')
      expect(script).toContain('ocss_ini_set() {')
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
    expect(dnsStatic.meta.targets).toEqual(['ssh', 'wsl'])
    expect(dnsStatic.meta.effects).toEqual(['restart-wsl-distro'])
  })

  it('undo keeps its record root-only, and the resolved path writes a drop-in with Domains=~. and no fallback', () => {
    expect(dnsStatic.scripts.apply).toContain('install -d -m 700 "$(dirname "$undo")" "$undo.tmp"')
    expect(dnsLib).toContain("echo 'Domains=~.'")
    expect(dnsLib).toContain("echo 'FallbackDNS='")
  })
})

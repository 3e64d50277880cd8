import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { routerIsolation } from './step'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const evaluate = (stdout: string) => routerIsolation.evaluate({ exitCode: 0, stdout })

describe('router-isolation probe (evaluator)', () => {
  it('passes on a guest network: no device answers and no network of the machine is the home subnet', () => {
    const v = evaluate(fixture('guest-network.pass.txt'))
    expect(v.summary).toBe('None of the 2 home device(s) answered (9 TCP ports and ping each), and no network of this machine overlaps your home subnet 192.168.1.0/24.')
    expect(v.evidence).toContain('192.168.1.1: unreachable: tcp 22, 53, 80, 139, 443, 445, 5000, 5001, 8080 no answer; ping no reply (route: 192.168.1.1 via 10.20.0.1 dev eth0 src 10.20.0.15)')
    expect(v.evidence).toContain('probe: 2 device(s) × 9 TCP ports + ping, all at once, each try at most 2000 ms; finished in 2071 ms (budget 3000 ms)')
  })

  it('fails when a device answers: open ports, refused ports (something answered) and a ping reply are all named', () => {
    const v = evaluate(fixture('nas-answers.fail.txt'))
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(/^Home device reachable from this machine: 192\.168\.1\.20 \(tcp\/22 refused, .*tcp\/445 open.*, ping\)\. A refused port counts too/)
    expect(v.evidence).toContain('192.168.1.20: REACHABLE: tcp 22, 53, 80, 139, 443, 8080 refused (something at that address answered); tcp 445, 5000, 5001 open; ping reply (route: 192.168.1.20 via 10.20.0.1 dev eth0 src 10.20.0.15)')
    expect(evaluate(fixture('refused-only.fail.txt')).summary).toMatch(/192\.168\.1\.1 \(tcp\/22 refused/)
  })

  it('one answering port or only a ping reply is enough; timeouts, no route and a local block are not', () => {
    const base = fixture('guest-network.pass.txt')
    expect(evaluate(base.replace('192.168.1.20 tcp/8080 timeout', '192.168.1.20 tcp/8080 refused')).status).toBe('fail')
    expect(evaluate(base.replace('192.168.1.1 icmp no-reply', '192.168.1.1 icmp reply')).summary).toMatch(/192\.168\.1\.1 \(ping\)\.$|192\.168\.1\.1 \(ping\)\. Put/)
    const quiet = base.replace(/^(192\.168\.1\.1 tcp\/22) timeout/m, '$1 noroute').replace(/^(192\.168\.1\.1 tcp\/53) timeout/m, '$1 blocked').replace('192.168.1.1 icmp no-reply', '192.168.1.1 icmp no-ping')
    const v = evaluate(quiet)
    expect(v.status).toBe('pass')
    expect(v.evidence.join('\n')).toMatch(/tcp 22 no route; tcp 53 blocked by this machine's own firewall; .*ping not tried \(no ping on this machine\)/)
  })

  it("fails when the machine's own network or its default gateway is in the home subnet", () => {
    expect(evaluate(fixture('own-address-in-home.fail.txt')).summary).toMatch(/^This machine's own network 192\.168\.1\.0\/24 \(eth0 192\.168\.1\.57\/24\) overlaps your home subnet 192\.168\.1\.0\/24/)
    expect(evaluate(fixture('gateway-in-home.fail.txt')).summary).toMatch(/^Its default gateway 192\.168\.1\.1 is in your home subnet/)
    // Overlap, not equality: a /16 of the machine around a home /24, and a home /16 around the machine's /24.
    const base = fixture('guest-network.pass.txt')
    expect(evaluate(base.replace('eth0 10.20.0.15/24', 'eth0 192.168.7.2/16')).status).toBe('fail')
    expect(evaluate(base.replace('subnet 192.168.1.0/24', 'subnet 10.20.0.0/16')).status).toBe('fail')
    expect(evaluate(base.replace('subnet 192.168.1.0/24', 'subnet 10.20.1.0/24')).status).toBe('pass')
  })

  it('on WSL: NAT behind Windows says what the subnet line means; mirrored networking compares the Windows addresses', () => {
    const nat = evaluate(fixture('wsl-nat-guest-wifi.pass.txt'))
    expect(nat.summary).toMatch(/WSL: the Linux side is behind Windows' NAT; the probe went out through Windows/)
    expect(nat.evidence.join('\n')).toMatch(/WSL: NAT networking \(the default\): the Linux side is behind the Windows host 172\.28\.160\.1 .*cannot see from inside/)
    expect(evaluate(fixture('wsl-nat-home-wifi.fail.txt')).summary).toMatch(/^Home device reachable from this machine: 192\.168\.1\.1 \(tcp\/53 open, tcp\/80 open, tcp\/443 open, ping\)\. Put/)
    const mirrored = evaluate(fixture('wsl-mirrored-home.fail.txt'))
    expect(mirrored.summary).toMatch(/eth1 192\.168\.1\.34\/24\) overlaps your home subnet/)
    expect(mirrored.evidence.join('\n')).toMatch(/likely runs mirrored networking .*cannot read from Linux/)
  })

  it('no devices named: not applicable (the item stays the confirmation); bad inputs or a cut-off probe: error, never pass', () => {
    expect(evaluate(fixture('no-devices.not-applicable.txt'))).toMatchObject({ status: 'not-applicable', evidence: ['home devices: none named'] })
    expect(evaluate(fixture('invalid-inputs.error.txt')).status).toBe('error')
    expect(evaluate(fixture('probe-cut-off.error.txt')).status).toBe('error')
    expect(evaluate('sudo: a password is required\n').status).toBe('error')
  })

  it('the script validates its inputs again, probes nothing without them, and is a check-only step on both targets', () => {
    expect(routerIsolation.meta).toMatchObject({ id: 'router-isolation', layer: 1, checkOnly: true, targets: ['ssh', 'wsl'] })
    expect(__dirname.endsWith(routerIsolation.meta.id)).toBe(true)
    for (const s of Object.values(routerIsolation.scripts)) expect(spawnSync('bash', ['-n'], { input: s }).status).toBe(0)
    const run = (env: Record<string, string>) => spawnSync('bash', ['-c', routerIsolation.scripts.check], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 })
    for (const bad of ['1.2.3.4;touch /tmp/x', '$(id)', '1.2.3.999']) {
      const r = run({ OCSS_IN_DEVICES: bad, OCSS_IN_HOME_SUBNET: '192.168.1.0/24' })
      expect(r.stdout).toMatch(/^devices invalid$/m)
      expect(r.stdout).not.toMatch(/### probe/)
    }
    expect(run({ OCSS_IN_DEVICES: '10.0.0.1', OCSS_IN_HOME_SUBNET: '10.0.0.0/33' }).stdout).toMatch(/^subnet invalid$/m)
    expect(evaluate(run({}).stdout).status).toBe('not-applicable')
    expect(routerIsolation.scripts.apply).not.toMatch(/^\s*(ip|nft|ufw|sed|rm|cp|mv|tee)\b/m) // apply changes nothing
  })
})

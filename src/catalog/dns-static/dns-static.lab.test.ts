import { afterAll, expect } from 'vitest'
import { labSh, describeStepContract, runChecks } from '../../../test/helpers/step-contract'
import { labTarget } from '../../../test/helpers/lab-target'
import { startDnsStandin, type DnsStandin } from '../../../test/lab/dns-standin'
import type { Lab } from '../../../test/lab/lab'
import { dnsServers } from './servers'
import { dnsStatic } from './step'

/*
 * Over SSH on port 22 (the lab: a plain resolv.conf, no systemd-resolved), the machine of a person who uses the
 * resolvconf package: /etc/resolv.conf is a symlink to ../run/resolvconf/resolv.conf naming the lab's dead resolver.
 * The chosen servers (Quad9) are a real DNS responder in their own netns (test/lab/dns-standin-server.mjs) owning
 * 9.9.9.9 and 149.112.112.112; the check passes only while it answers.
 */
const SERVERS = dnsServers('quad9')
let standin: DnsStandin | undefined
let target: ReturnType<typeof labTarget> | undefined
const params = { IN_SERVERS: 'quad9' }
const dnsCheck = async () => (await runChecks(target!, ['dns-static'], params)).records[0]

/** the resolv.conf a hand-hardening admin writes: exactly the servers, immutable */
const pinByHand = async (lab: Lab) => labSh(lab, `rm -f /etc/resolv.conf && printf 'nameserver %s\\n' ${SERVERS.join(' ')} >/etc/resolv.conf && chattr +i /etc/resolv.conf`)

afterAll(async () => {
  await target?.dispose()
  await standin?.stop()
})

describeStepContract(dnsStatic, {
  inputs: { SERVERS: 'quad9' },
  setup: async (lab) => {
    await labSh(lab, 'mkdir -p /run/resolvconf && printf "nameserver 127.0.0.53\\noptions edns0\\n" >/run/resolvconf/resolv.conf && ln -sfn ../run/resolvconf/resolv.conf /etc/resolv.conf')
    standin = await startDnsStandin(lab, SERVERS)
    target = labTarget(lab)
  },
  touched: (lab) =>
    labSh(lab, [
      'stat -c "%F %a %U:%G %N" /etc/resolv.conf',
      'if [ -L /etc/resolv.conf ]; then echo "target: $(readlink /etc/resolv.conf)"; else lsattr -d /etc/resolv.conf | cut -d" " -f1; fi',
      'sha256sum </etc/resolv.conf',
      'stat -c "%n %a %U:%G %s" /run/resolvconf/resolv.conf',
      'ls -A /var/lib/openclaw-secure-setup/undo/dns-static 2>/dev/null || echo "no undo record"',
    ].join('; ')),
  exact: (lab) => labSh(lab, 'stat -c "%i %Y %a" /etc/resolv.conf; find /var/lib/openclaw-secure-setup/undo -printf "%p %y %m %T@ %l\\n" | sort'),
  hardenByHand: async (lab) => { await pinByHand(lab) },
  breakByHand: async (lab) => {
    await labSh(lab, 'chattr -i /etc/resolv.conf')
    const r = await dnsCheck()
    expect(r?.summary).toBe('DNS is not pinned: /etc/resolv.conf is not immutable (lsattr shows no i flag).')
  },
  alsoFails: [
    {
      what: 'an extra nameserver line',
      make: (lab) => labSh(lab, 'chattr -i /etc/resolv.conf && echo "nameserver 10.0.0.1" >>/etc/resolv.conf && chattr +i /etc/resolv.conf').then(() => undefined),
      unmake: async (lab) => {
        expect((await dnsCheck())?.summary).toBe('DNS is not pinned: /etc/resolv.conf lists 9.9.9.9, 149.112.112.112, 10.0.0.1, not exactly 9.9.9.9, 149.112.112.112.')
        await labSh(lab, 'chattr -i /etc/resolv.conf && sed -i "/10.0.0.1/d" /etc/resolv.conf && chattr +i /etc/resolv.conf')
      },
    },
    {
      what: 'the chosen resolver is down',
      make: async () => {
        // Every pass so far went through the stand-in: it has answered example.com on the chosen addresses.
        expect(standin!.queries().filter((q) => q.name === 'example.com' && SERVERS.includes(q.server)).length).toBeGreaterThan(0)
        await standin!.stopServer()
      },
      unmake: async () => {
        const r = await dnsCheck()
        expect(r?.summary).toMatch(/^DNS is not pinned: a name did not resolve through them \(failed example\.com exit 2\)\.$/)
        expect(r?.evidence).toContain('lsattr /etc/resolv.conf: ----i---------e-------')
        await standin!.startServer()
      },
    },
    {
      what: 'resolv.conf a symlink again (WSL or resolvconf took it back)',
      make: (lab) => labSh(lab, 'chattr -i /etc/resolv.conf && ln -sfn ../run/resolvconf/resolv.conf /etc/resolv.conf').then(() => undefined),
      unmake: async (lab) => {
        expect((await dnsCheck())?.summary).toMatch(/\/etc\/resolv\.conf is a symlink to \.\.\/run\/resolvconf\/resolv\.conf/)
        await pinByHand(lab)
      },
    },
  ],
  siblings: ['ufw-firewall', 'ssh-password-login'],
  timeoutMs: 300_000,
})

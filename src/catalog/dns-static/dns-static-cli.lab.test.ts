import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../../test/helpers/cli-runner'
import { labSh } from '../../../test/helpers/step-contract'
import { userWorld } from '../../../test/helpers/user-world'
import { startDnsStandin, type DnsStandin } from '../../../test/lab/dns-standin'
import { startLab, type Lab } from '../../../test/lab/lab'

// The built CLI against the lab over SSH on port 22, from a HOME with spaces and non-ASCII letters (the CLI's default
// data folder), with the router choice: the "router" is the DNS stand-in owning 192.168.77.1 in its own netns.
const ROUTER = '192.168.77.1'
let lab: Lab
let standin: DnsStandin
const world = userWorld()
let identity = ''
const resolv = () => labSh(lab, 'stat -c %F /etc/resolv.conf; if [ -L /etc/resolv.conf ]; then readlink /etc/resolv.conf; else lsattr -d /etc/resolv.conf | cut -d" " -f1; grep ^nameserver /etc/resolv.conf; fi')

beforeAll(async () => {
  buildCli()
  lab = await startLab()
  standin = await startDnsStandin(lab, [ROUTER])
  await labSh(lab, 'mkdir -p /run/resolvconf && echo "nameserver 127.0.0.53" >/run/resolvconf/resolv.conf && ln -sfn ../run/resolvconf/resolv.conf /etc/resolv.conf')
  identity = world.pickKey(lab.identityFile)
}, 900_000)
afterAll(async () => {
  await standin?.stop()
  await lab?.stop()
  world.cleanup()
})

describe('dns-static through the CLI (SSH on port 22): apply, apply again, undo, and bad input', () => {
  const target = () => ['--target', `ssh://${lab.user}@${lab.host}`, '--identity', identity, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin']
  const cli = (args: string[]) => runCli(world, args, { input: `${lab.sudoPassword}\n`, timeoutMs: 240_000 })

  it('the router choice without its address, or with a bad one, is refused before anything runs', async () => {
    const none = cli(['apply', 'dns-static', ...target(), '--input', 'SERVERS=router'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/Router address is required when Name servers is "My router"/)
    const bad = cli(['apply', 'dns-static', ...target(), '--input', 'SERVERS=router', '--input', 'ROUTER_IP=192.168.77.300'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Router address must be an IPv4 address such as 192\.168\.1\.10\./)
    expect(bad.stderr).not.toContain('=== apply')
    expect(await resolv()).toBe('symbolic link\n../run/resolvconf/resolv.conf\n')
  })

  let applied = ''
  it('apply pins the router, then its check passes through the router stand-in', async () => {
    const r = cli(['apply', 'dns-static', ...target(), '--input', 'SERVERS=router', '--input', `ROUTER_IP=${ROUTER}`])
    expect(r.stdout, r.stderr).toMatch(/^dns-static: ok: Applied; the check now reads: Names resolve only through 192\.168\.77\.1 \(router\), in an immutable \/etc\/resolv\.conf\./m)
    expect(r.code).toBe(0)
    expect(r.stdout + r.stderr).not.toContain(lab.sudoPassword)
    applied = await resolv()
    expect(applied).toBe(`regular file\n----i---------e-------\nnameserver ${ROUTER}\n`)
    expect(standin.queries().some((q) => q.server === ROUTER && q.name === 'example.com')).toBe(true)
  })

  it('verify checks with the saved router choice, as the window does (not with no choice at all)', () => {
    const r = cli(['verify', ...target(), '--json'])
    const report = JSON.parse(r.stdout) as { checks: { stepId: string; status: string; summary: string }[] }
    expect(report.checks.find((c) => c.stepId === 'dns-static'), r.stderr).toMatchObject({ status: 'pass', summary: expect.stringContaining('192.168.77.1 (router)') })
  })

  it('apply again with the saved choice changes nothing; undo brings the symlink back', async () => {
    const inode = await labSh(lab, 'stat -c "%i %Y" /etc/resolv.conf')
    const again = cli(['apply', 'dns-static', ...target()])
    expect(again.stderr).toMatch(/already holds exactly 192\.168\.77\.1 and is immutable; unchanged/)
    expect(again.code).toBe(0)
    expect(await resolv()).toBe(applied)
    expect(await labSh(lab, 'stat -c "%i %Y" /etc/resolv.conf')).toBe(inode)
    const undo = cli(['undo', 'dns-static', ...target()])
    expect(undo.code, undo.stderr).toBe(0)
    expect(await resolv()).toBe('symbolic link\n../run/resolvconf/resolv.conf\n')
  })
})

import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { startHomeDevices, type HomeDevices } from '../../../test/lab/home-devices'
import { buildCli, runCli } from '../../../test/helpers/cli-runner'
import { labSpec } from '../../../test/helpers/lab-target'
import { userWorld } from '../../../test/helpers/user-world'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { stepsFor } from '../index'

// The home network: a namespace host owning the main router (192.168.1.1) and the NAS (192.168.1.20), linked to the
// lab. The probe runs through the AppService as the window drives it, over SSH (port 22, the app's default data folder
// under a HOME with spaces and non-ASCII letters) and through the wsl.exe stand-in (Windows mocked) on the same lab.
const ROUTER = '192.168.1.1'
const NAS = '192.168.1.20'
const INPUTS = { DEVICES: `${ROUTER}, ${NAS}`, HOME_SUBNET: '192.168.1.0/24' }
const STANDIN = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')
let lab: Lab
let home: HomeDevices
let ssh: ServiceDriver
let wsl: ServiceDriver

const item = (d: ServiceDriver) => d.svc.checklist().entries?.find((e) => e.item.id === 'router-isolation')?.state
const record = (d: ServiceDriver) => d.svc.checklist().items.find((r) => r.stepId === 'router-isolation')
const verdicts = (d: ServiceDriver) => Object.fromEntries((d.svc.checklist().entries ?? []).map((e) => [e.item.id, e.state.status]))
/** The evidence line of one device starts with this text. */
const deviceLine = (d: ServiceDriver, text: string) => expect(record(d)?.evidence.some((l) => l.startsWith(text)), `${text}\n${record(d)?.evidence.join('\n')}`).toBe(true)
const probe = (d: ServiceDriver) => d.run('checks:run', { stepIds: ['router-isolation'] })
/** The probe's own timing line: how long it took and the budget it sets itself (its tries' bound + starting them). */
const timing = (d: ServiceDriver) => {
  const line = record(d)?.evidence.find((l) => l.startsWith('probe: ')) ?? ''
  const m = /each try at most (\d+) ms; finished in (\d+) ms \(budget (\d+) ms\)/.exec(line)
  if (!m) throw new Error(`no timing in: ${line}`)
  return { tryMs: Number(m[1]), total: Number(m[2]), budget: Number(m[3]) }
}

beforeAll(async () => {
  lab = await startLab()
  home = await startHomeDevices(lab, [ROUTER, NAS])
  ssh = new ServiceDriver()
  await ssh.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
  await ssh.call('target:sudo-password', { password: lab.sudoPassword })
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
  wsl = new ServiceDriver(undefined, STANDIN)
  expect(await wsl.call('target:connect', { target: { kind: 'wsl', distro: 'Ubuntu-24.04' } })).toMatchObject({ status: 'connected' })
}, 300_000)
afterAll(async () => {
  await ssh?.svc.dispose()
  await wsl?.svc.dispose()
  delete process.env.OCSS_WSL_STANDIN_STATE
  await home?.stop()
  await lab?.stop()
})

describe('router-isolation probe on the lab over SSH (home devices in a namespace host)', () => {
  it('without inputs the check probes nothing (not applicable) and the item is the manual confirmation, with a note', async () => {
    await probe(ssh)
    expect(record(ssh)).toMatchObject({ status: 'not-applicable' })
    expect(item(ssh)).toMatchObject({ status: 'unknown', summary: expect.stringMatching(/^Not confirmed yet: .* The probe \(step router-isolation\) can check it too/) })
  })

  it('bad input is refused with a clear message and runs nothing', async () => {
    const r = await ssh.svc.handle('step:run', { stepId: 'router-isolation', action: 'apply', inputs: { ...INPUTS, DEVICES: '192.168.1.1; reboot' } })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Home devices: "192\.168\.1\.1;" is not an IPv4 address/) } })
    expect(record(ssh)?.status).toBe('not-applicable')
  })

  it('both devices unreachable (no route): Run passes; with the confirmation the item passes, the probe\'s evidence beside it', async () => {
    await home.host.unroute(ROUTER)
    await home.host.unroute(NAS)
    const r = await ssh.run('step:run', { stepId: 'router-isolation', action: 'apply', inputs: INPUTS })
    expect(r, ssh.terminal.slice(-2000)).toMatchObject({ ok: true, exitCode: 0 })
    expect(ssh.terminal).toMatch(/Nothing to change: this step only probes/)
    expect(record(ssh)).toMatchObject({ status: 'pass' })
    deviceLine(ssh, `${ROUTER}: unreachable: tcp 22, 53, 80, 139, 443, 445, 5000, 5001, 8080 no route; ping no route`)
    expect(item(ssh)?.status).toBe('unknown') // the probe alone does not confirm the separate network
    await ssh.call('checklist:confirm', { itemId: 'router-isolation', who: 'Jörg', note: 'guest Wi-Fi' })
    expect(item(ssh)).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^Confirmed by Jörg on .*; the probe: None of the 2 home device\(s\) answered/) })
    expect(item(ssh)?.evidence[0]).toMatchObject({ stepId: 'router-isolation', status: 'pass' })
  })

  it('the NAS answers on 445 (and refuses the rest): exactly this item fails, confirmed or not; the others keep their verdicts', async () => {
    const all = stepsFor('ssh').map((s) => s.meta.id)
    await ssh.run('checks:run', { stepIds: all }, undefined, 300_000)
    const before = verdicts(ssh)
    expect(before['router-isolation']).toBe('pass')
    await home.host.route(NAS)
    await home.answer(NAS, [445])
    await ssh.run('checks:run', { stepIds: all }, undefined, 300_000)
    const after = verdicts(ssh)
    expect(after['router-isolation']).toBe('fail')
    expect({ ...after, 'router-isolation': 'pass' }).toEqual(before)
    expect(item(ssh)?.summary).toMatch(new RegExp(`^Home device reachable from this machine: ${NAS.replace(/\./g, '\\.')} \\(tcp/22 refused, .*tcp/445 open.*, ping\\)\\. A refused port counts too.* You confirmed it by hand \\(Jörg, `))
    deviceLine(ssh, `${ROUTER}: unreachable: tcp 22, 53, 80, 139, 443, 445, 5000, 5001, 8080 no route; ping no route`)
    home.quiet()
    await home.host.unroute(NAS)
  }, 600_000)

  it("this machine's own address in the home subnet fails, with the interface named", async () => {
    const dev = `hh-${home.host.name.slice('ocss-host-'.length)}`
    await lab.exec(['ip', 'addr', 'add', '192.168.1.50/24', 'dev', dev])
    try {
      await probe(ssh)
      expect(record(ssh)?.status).toBe('fail')
      expect(record(ssh)?.summary).toMatch(new RegExp(`^This machine's own network 192\\.168\\.1\\.0/24 \\(${dev} 192\\.168\\.1\\.50/24\\) overlaps your home subnet 192\\.168\\.1\\.0/24`))
      expect(item(ssh)?.status).toBe('fail')
    } finally {
      await lab.exec(['ip', 'addr', 'del', '192.168.1.50/24', 'dev', dev])
    }
    await probe(ssh)
    expect(record(ssh)?.status).toBe('pass')
  })

  it('devices that exist but drop everything count as unreachable, and the probe stays within its own budget', async () => {
    await home.host.route(ROUTER)
    await home.host.route(NAS)
    await home.drop(ROUTER)
    await home.drop(NAS)
    await probe(ssh)
    expect(record(ssh)?.status, record(ssh)?.summary).toBe('pass')
    for (const d of [ROUTER, NAS]) deviceLine(ssh, `${d}: unreachable: tcp 22, 53, 80, 139, 443, 445, 5000, 5001, 8080 no answer; ping no reply (route: ${d} via ${home.host.gateway} dev hh-`)
    // 20 tries that each waited their full 2 s: one after another that would be 40 s; all at once, about 2 s.
    const t = timing(ssh)
    expect(t.tryMs).toBe(2000)
    expect(t.total).toBeGreaterThanOrEqual(t.tryMs)
    expect(t.total).toBeLessThanOrEqual(t.budget)
    expect(t.budget).toBeLessThanOrEqual(3000)
  })
})

describe('router-isolation probe through the wsl.exe stand-in (Windows mocked), same lab and home devices', () => {
  it('the NAS answering fails; the evidence says what the subnet line means on WSL; dropped again, it passes', async () => {
    await home.undrop()
    await home.answer(NAS, [5000, 5001])
    const r = await wsl.run('step:run', { stepId: 'router-isolation', action: 'apply', inputs: INPUTS })
    expect(r).toMatchObject({ ok: false, exitCode: 0 })
    expect(record(wsl)?.status).toBe('fail')
    expect(record(wsl)?.summary).toMatch(/tcp\/5000 open, tcp\/5001 open/)
    // The lab has no 172.16.0.0/12 NAT address behind a Windows host: the check says so, and that it cannot read .wslconfig.
    expect(record(wsl)?.evidence.join('\n')).toMatch(/^WSL: .*mirrored networking .*cannot read from Linux/m)
    expect(item(wsl)?.status).toBe('fail')
    home.quiet()
    await home.drop(ROUTER)
    await home.drop(NAS)
    await probe(wsl)
    expect(record(wsl)?.status, record(wsl)?.summary).toBe('pass')
    expect(timing(wsl).total).toBeLessThanOrEqual(timing(wsl).budget)
  })
})

describe('router-isolation through the built CLI (HOME with spaces, its default data folder), same lab', () => {
  const world = userWorld()
  beforeAll(() => buildCli(), 300_000)
  afterAll(() => world.cleanup())

  it('apply with --input: exit 1 naming the NAS while it answers; applied again with the saved inputs, exit 0 once it drops everything', async () => {
    await home.undrop()
    await home.drop(ROUTER)
    await home.answer(NAS, [22])
    const identity = world.pickKey(lab.identityFile)
    const target = ['--target', `ssh://${lab.user}@${lab.host}`, '--identity', identity, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin']
    const cli = (args: string[]) => runCli(world, args, { input: `${lab.sudoPassword}\n`, timeoutMs: 240_000 })
    const r = cli(['apply', 'router-isolation', ...target, '--input', `DEVICES=${ROUTER} ${NAS}`, '--input', 'HOME_SUBNET=192.168.1.0/24'])
    expect(r.code, r.stderr.slice(-2000)).toBe(1)
    expect(r.stdout).toMatch(/^router-isolation: failed: Applied; the check reads: Home device reachable from this machine: 192\.168\.1\.20 \(tcp\/22 open, /m)
    home.quiet()
    await home.drop(NAS)
    const ok = cli(['apply', 'router-isolation', ...target])
    expect(ok.code, ok.stdout + ok.stderr.slice(-2000)).toBe(0)
    expect(ok.stdout).toMatch(/^router-isolation: ok: Applied; the check now reads: None of the 2 home device\(s\) answered/m)
  }, 600_000)
})

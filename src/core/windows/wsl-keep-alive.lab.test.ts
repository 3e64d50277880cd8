import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatewayService } from '../../catalog/gateway-service/step'
import { buildCli, runCli } from '../../../test/helpers/cli-runner'
import { labSpec } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { createWindowsWorld } from '../../../test/helpers/windows-world'
import { startLab, type Lab } from '../../../test/lab/lab'
import { checkVersion } from '../runner/job'
import { keepAliveTaskName } from './keep-alive-task'

// Windows mocked: wsl.exe is the stand-in backed by the lab (test/wsl-standin), schtasks.exe the one in
// test/windows-mock, %UserProfile% the user world's HOME. Everything else is the real service and CLI.
const STANDIN = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')
const DISTRO = 'Ubuntu-24.04'
const TASK = keepAliveTaskName(DISTRO)
const ww = createWindowsWorld()
const HAND = '\uFEFF# mine\r\n[wsl2]\r\nmemory=6GB\r\n'
const scenarioDir = join(ww.world.root, 'wsl-scenario')
let lab: Lab
let driver: ServiceDriver
const item = () => driver.svc.checklist().items.find((i) => i.stepId === 'wsl-keep-alive')
const cliEnv = () => ({ ...ww.env, PATH: `${dirname(STANDIN)}:${ww.env.PATH ?? ''}`, OCSS_WSL_STANDIN_STATE: lab.stateFile })

beforeAll(async () => {
  buildCli()
  lab = await startLab()
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
  for (const name of ['PATH', 'USERPROFILE', 'USERNAME', 'USERDOMAIN'] as const) process.env[name] = ww.env[name]
  writeFileSync(ww.wslconfig, HAND)
  driver = new ServiceDriver(ww.world.dataDir, STANDIN)
  expect(await driver.call('target:connect', { target: { kind: 'wsl', distro: DISTRO } })).toMatchObject({ status: 'connected' })
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  delete process.env.OCSS_WSL_STANDIN_STATE
  delete process.env.OCSS_WSL_STANDIN_DIR
  await lab?.stop()
  ww.cleanup()
})

describe('wsl-keep-alive through the service and the CLI (Windows mocked)', () => {
  it('is a step of WSL targets, shown with its Windows commands, after gateway-service (Windows mocked)', async () => {
    const state = await driver.call('app:state', {})
    const ids = driver.svc.checklist().items.map((i) => i.stepId)
    expect(ids.indexOf('wsl-keep-alive')).toBe(ids.indexOf('gateway-service') + 1)
    const view = state.steps.find((s) => s.id === 'wsl-keep-alive')
    expect(view).toMatchObject({ actor: 'windows', targets: ['wsl'] })
    expect(view?.runsAs).toMatch(/^On Windows, in this app, as you/)
    expect(view?.scripts.apply).toMatch(/schtasks\.exe \/Create \/TN "OpenClaw keep-alive \(NAME\)"/)
  })

  it('is refused before gateway-service passes, and runs nothing (Windows mocked)', async () => {
    const calls = ww.schtasksCalls().length
    const r = await driver.svc.handle('step:run', { stepId: 'wsl-keep-alive', action: 'apply' })
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Run "Gateway service" first/) } })
    expect(ww.schtasksCalls().length).toBe(calls)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe(HAND)
  })

  it('is refused on the inbox WSL, and changes nothing (Windows mocked)', async () => {
    // The lab has no systemd as PID 1, so gateway-service cannot pass here: its passing check is what the gate reads.
    const key = driver.svc.checklist().targetKey ?? ''
    driver.svc.store.saveResults(key, [{ stepId: 'gateway-service', status: 'pass', summary: 'enabled and active', evidence: [], checkedAt: new Date().toISOString(), checkVersion: checkVersion(gatewayService) }])
    process.env.OCSS_WSL_STANDIN_DIR = scenarioDir
    mkdirSync(scenarioDir, { recursive: true })
    writeFileSync(join(scenarioDir, 'scenario'), 'old-inbox\n')
    try {
      const calls = ww.schtasksCalls().length
      const r = await driver.svc.handle('step:run', { stepId: 'wsl-keep-alive', action: 'apply' })
      expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/WSL built into Windows/), hint: expect.stringMatching(/Nothing was changed/) } })
      expect(ww.schtasksCalls().length).toBe(calls)
      expect(readFileSync(ww.wslconfig, 'utf8')).toBe(HAND)
    } finally {
      delete process.env.OCSS_WSL_STANDIN_DIR
    }
  })

  it('applies on Windows through the job flow (no terminal), then its check passes in the re-check pass beside the Linux checks (Windows mocked)', async () => {
    const r = await driver.run('step:run', { stepId: 'wsl-keep-alive', action: 'apply' })
    expect(r).toMatchObject({ kind: 'apply', stepIds: ['wsl-keep-alive'], ok: true, exitCode: 0 })
    expect(r.message).toMatch(/wsl\.exe --shutdown/)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe(`${HAND}[general]\r\ninstanceIdleTimeout=-1\r\n`)
    expect(ww.tasks()[TASK]).toContain(`<Arguments>-d ${DISTRO} --exec /bin/true</Arguments>`)
    expect(item()).toMatchObject({ status: 'pass' })
    // Broken by hand, then the batched pass (Linux checks as root on the lab, this one on Windows) reads it.
    ww.removeTask(TASK)
    const pass = await driver.run('checks:run', { stepIds: ['wsl-systemd', 'wsl-keep-alive'] })
    expect(pass.stepIds).toEqual(['wsl-systemd', 'wsl-keep-alive'])
    expect(driver.svc.checklist().items.find((i) => i.stepId === 'wsl-systemd')?.status).toMatch(/pass|fail/)
    expect(item()).toMatchObject({ status: 'fail', summary: expect.stringMatching(/logon task .* is missing/) })
    await driver.run('step:run', { stepId: 'wsl-keep-alive', action: 'apply' })
    expect(item()).toMatchObject({ status: 'pass' })
  })

  it('the CLI checks it in verify and undoes it with the earlier bytes back (Windows mocked)', async () => {
    await driver.call('target:disconnect', {})
    const started = Date.now()
    const v = runCli(ww.world, ['verify', '--target', `wsl:${DISTRO}`, '--json'], { env: cliEnv(), timeoutMs: 300_000 })
    expect(v.code, v.stderr).not.toBe(2)
    const checks = (JSON.parse(v.stdout) as { checks: { stepId: string; status: string; checkedAt: string }[] }).checks
    const mine = checks.find((c) => c.stepId === 'wsl-keep-alive')
    expect(mine).toMatchObject({ status: 'pass' })
    // Checked now, by this verify (not the record the window saved before).
    expect(Date.parse(mine?.checkedAt ?? '')).toBeGreaterThan(started)
    const u = runCli(ww.world, ['undo', 'wsl-keep-alive', '--target', `wsl:${DISTRO}`], { env: cliEnv() })
    expect(u.code, u.stderr).toBe(0)
    expect(u.stdout).toMatch(/^wsl-keep-alive: ok: .*Restored .* exactly as it was before the apply/m)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe(HAND)
    expect(ww.tasks()).toEqual({})
    rmSync(ww.wslconfig)
    expect(existsSync(ww.wslconfig)).toBe(false)
  })

  it('is not a step of SSH targets (Windows mocked)', async () => {
    await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
    expect(driver.svc.checklist().items.map((i) => i.stepId)).not.toContain('wsl-keep-alive')
    const r = await driver.svc.handle('step:run', { stepId: 'wsl-keep-alive', action: 'apply' })
    expect(r).toMatchObject({ ok: false, error: { code: 'STEP_NOT_APPLICABLE' } })
  })
})

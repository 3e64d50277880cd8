import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { loggingWsl } from '../../../test/helpers/wsl-logger'
import { connectWsl, disconnectWsl, standinPids, wslConf, writeWslConf } from '../../../test/helpers/wsl-step-lab'
import { wslConfLockdown } from './step'

// Windows cannot run here: wsl.exe is the stand-in (test/wsl-standin), backed by the lab.
const STANDIN = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')
const ORIGINAL = '[automount]\nroot = /mnt/\noptions = "metadata,umask=22"\n\n# keep the network as it is\n[network]\ngenerateHosts = false\n\n[interop]\nenabled = true\n'
let lab: Lab
let driver: ServiceDriver
const wsl = loggingWsl(STANDIN)
const item = () => driver.svc.checklist().items.find((i) => i.stepId === 'wsl-conf-lockdown')
const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures', name), 'utf8')

beforeAll(async () => {
  lab = await startLab()
  driver = await connectWsl(lab, wsl.path)
}, 900_000)
afterAll(async () => {
  await disconnectWsl(driver)
  await lab?.stop()
})

describe('wsl-conf-lockdown on the lab through the wsl.exe stand-in (Windows mocked)', () => {
  it('a fresh lab (no wsl.conf) prints the fresh-lab fixture and fails', async () => {
    expect((await lab.exec(['bash', '-c', wslConfLockdown.scripts.check])).stdout).toBe(fixture('fresh-lab.fail.txt'))
    await writeWslConf(lab, ORIGINAL)
    await driver.run('checks:run', { stepIds: ['wsl-conf-lockdown'] })
    expect(item()).toMatchObject({ status: 'fail' })
    expect(item()?.summary).toMatch(/\[interop\] enabled is true; \[interop\] appendWindowsPath is unset \(default true\); \[automount\] enabled is unset/)
  })

  let applied = ''
  it('apply writes the three keys, keeps every other line, restarts the distro and passes', async () => {
    const before = await standinPids(lab)
    const calls = wsl.calls().length
    const r = await driver.run('step:run', { stepId: 'wsl-conf-lockdown', action: 'apply' })
    expect(r).toMatchObject({ ok: true, exitCode: 0 })
    applied = (await wslConf(lab)) ?? ''
    expect(applied).toBe('[automount]\nenabled=false\nroot = /mnt/\noptions = "metadata,umask=22"\n\n# keep the network as it is\n[network]\ngenerateHosts = false\n\n[interop]\nappendWindowsPath=false\nenabled=false\n')
    expect(wsl.calls().slice(calls)).toContain('--terminate Ubuntu-24.04')
    expect((await standinPids(lab)).filter((p) => before.includes(p))).toEqual([])
    expect(item()).toMatchObject({ status: 'pass' })
    expect((await lab.exec(['bash', '-c', wslConfLockdown.scripts.check])).stdout).toBe(fixture('locked.pass.txt'))
  })

  it('applying again changes nothing', async () => {
    await driver.run('step:run', { stepId: 'wsl-conf-lockdown', action: 'apply' })
    expect(await wslConf(lab)).toBe(applied)
  })

  it('undo restores the previous values exactly, even after another step edited the file in between', async () => {
    // wsl-systemd applied on top, then lockdown undone first: the per-key path, not the whole-file one.
    expect((await driver.run('step:run', { stepId: 'wsl-systemd', action: 'apply' })).exitCode).toBe(0)
    const r = await driver.run('step:run', { stepId: 'wsl-conf-lockdown', action: 'undo' })
    expect(r).toMatchObject({ ok: true, kind: 'undo' })
    expect(await wslConf(lab)).toBe(`${ORIGINAL}[boot]\nsystemd=true\n`)
    expect(item()).toMatchObject({ status: 'fail' })
    await driver.run('step:run', { stepId: 'wsl-systemd', action: 'undo' })
    expect(await wslConf(lab)).toBe(ORIGINAL)
  })
})

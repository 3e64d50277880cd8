import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { loggingWsl } from '../../../test/helpers/wsl-logger'
import { connectWsl, disconnectWsl, standinPids, wslConf, writeWslConf } from '../../../test/helpers/wsl-step-lab'

// Windows cannot run here: wsl.exe is the stand-in (test/wsl-standin), backed by the lab (which has no systemd as
// PID 1, so "active" is covered by fixtures; here: off → configured, restart pending → off).
const STANDIN = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')
const ORIGINAL = '# written by hand\r\n[network]\r\nhostname = clawbox\r\ngenerateResolvConf=false\r\n\r\n[boot]\r\ncommand = echo hi > /tmp/boot\r\nsystemd = false\r\n[user]\r\ndefault=ocss'
let lab: Lab
let driver: ServiceDriver
const wsl = loggingWsl(STANDIN)
const item = () => driver.svc.checklist().items.find((i) => i.stepId === 'wsl-systemd')

beforeAll(async () => {
  lab = await startLab()
  await writeWslConf(lab, ORIGINAL)
  driver = await connectWsl(lab, wsl.path)
}, 900_000)
afterAll(async () => {
  await disconnectWsl(driver)
  await lab?.stop()
})

describe('wsl-systemd on the lab through the wsl.exe stand-in (Windows mocked)', () => {
  it('checks "off" first', async () => {
    const r = await driver.run('checks:run', { stepIds: ['wsl-systemd'] })
    expect(r.ok).toBe(false)
    expect(item()).toMatchObject({ status: 'fail', summary: 'Off: systemd is not enabled in /etc/wsl.conf.' })
    expect(item()?.evidence).toContain('/etc/wsl.conf [boot] systemd=false')
  })

  let applied = ''
  it('apply sets [boot] systemd=true, keeps every other line, restarts the distro (old channel processes end) and re-checks over a new channel', async () => {
    const before = await standinPids(lab)
    expect(before.length).toBeGreaterThanOrEqual(1) // the user channel (staging, collecting)
    const calls = wsl.calls().length
    const r = await driver.run('step:run', { stepId: 'wsl-systemd', action: 'apply' })
    expect(r).toMatchObject({ kind: 'apply', exitCode: 0 })
    applied = (await wslConf(lab)) ?? ''
    // Only the managed line changed (written with LF); every other line is byte-for-byte the same, CRLF included.
    expect(applied).toBe(ORIGINAL.replace('systemd = false\r\n', 'systemd=true\n'))
    const newCalls = wsl.calls().slice(calls)
    expect(newCalls).toContain('--terminate Ubuntu-24.04')
    // The restart is real: none of the old channel processes survived; the re-check ran on fresh ones.
    const after = await standinPids(lab)
    expect(after.filter((p) => before.includes(p))).toEqual([])
    expect(after.length).toBeGreaterThanOrEqual(2)
    expect(newCalls.filter((c) => c.endsWith('--exec bash -s')).length).toBeGreaterThanOrEqual(2)
    expect(item()?.summary).toMatch(/^Configured, restart pending: .*PID 1 is still/)
    expect(r.message).toMatch(/Configured, restart pending/)
  })

  it('applying again changes nothing', async () => {
    const r = await driver.run('step:run', { stepId: 'wsl-systemd', action: 'apply' })
    expect(r.exitCode).toBe(0)
    expect(await wslConf(lab)).toBe(applied)
    expect(driver.terminal).toContain('systemd is already enabled')
  })

  it('undo restores the original file byte-for-byte and the check reads "off" after the restart', async () => {
    const before = await standinPids(lab)
    const r = await driver.run('step:run', { stepId: 'wsl-systemd', action: 'undo' })
    expect(r).toMatchObject({ kind: 'undo', ok: true })
    expect(await wslConf(lab)).toBe(ORIGINAL)
    expect((await standinPids(lab)).filter((p) => before.includes(p))).toEqual([])
    expect(item()?.summary).toMatch(/^Off:/)
  })
})

describe('wsl-systemd fixtures are what the lab prints', () => {
  it('off (no wsl.conf) and restart pending (configured, PID 1 not systemd)', async () => {
    const { readFileSync } = await import('node:fs')
    const { wslSystemd } = await import('./step')
    const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures', name), 'utf8')
    await writeWslConf(lab, null)
    expect((await lab.exec(['bash', '-c', wslSystemd.scripts.check])).stdout).toBe(fixture('off.fail.txt'))
    await writeWslConf(lab, '[boot]\nsystemd=true\n')
    expect((await lab.exec(['bash', '-c', wslSystemd.scripts.check])).stdout).toBe(fixture('restart-pending.fail.txt'))
    await writeWslConf(lab, ORIGINAL)
  })
})

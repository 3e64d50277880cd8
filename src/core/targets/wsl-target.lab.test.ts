import { join, resolve } from 'node:path'
import { spawnCounter } from '../../../test/helpers/spawn-recorder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { AppError } from '../app-error'
import { runChecksViaControl } from '../runner/job'
import { listDistros, WslTarget } from './wsl-target'

// Windows cannot run here: wsl.exe is the test stand-in (test/wsl-standin), backed by the lab.
const wslExe = resolve(__dirname, '../../../test/wsl-standin/wsl.exe')
let lab: Lab

beforeAll(async () => {
  lab = await startLab()
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
}, 900_000)
afterAll(async () => {
  delete process.env.OCSS_WSL_STANDIN_STATE
  await lab?.stop()
})

describe('WSL target through the wsl.exe stand-in (Windows mocked)', () => {
  it('lists distributions from UTF-16LE output', async () => {
    const list = await listDistros(wslExe)
    expect(list).toContainEqual(expect.objectContaining({ name: 'Ubuntu-24.04', isDefault: true, version: 2 }))
  })

  it('runs scripts over stdin as the default user, with $ intact', async () => {
    const t = new WslTarget({ kind: 'wsl', distro: 'Ubuntu-24.04' }, { wslExe })
    const r = await t.exec('id -un; echo "$OCSS_X"', { params: { X: '$HOME `id`' } })
    expect(r.stdout).toBe(`${lab.user}\n$HOME \`id\`\n`)
  })

  it('runs root actions with -u root, without a password', async () => {
    const t = new WslTarget({ kind: 'wsl', distro: 'Ubuntu-24.04' }, { wslExe })
    expect(await t.sudoMode()).toBe('root')
    expect((await t.exec('id -u', { asRoot: true })).stdout.trim()).toBe('0')
  })

  it('names a missing distribution clearly', async () => {
    const t = new WslTarget({ kind: 'wsl', distro: 'Debian' }, { wslExe })
    await expect(t.exec('true')).rejects.toThrow(AppError)
    await expect(t.exec('true')).rejects.toThrow(/no distribution named "Debian"/)
  })

  it('runs the catalogue checks through two persistent wsl.exe processes, not one per request', async () => {
    const counter = spawnCounter({ 'wsl.exe': wslExe })
    const t = new WslTarget({ kind: 'wsl', distro: 'Ubuntu-24.04' }, { wslExe: join(counter.path.split(':')[0] ?? '', 'wsl.exe') })
    for (let i = 0; i < 3; i++) {
      const [record] = await runChecksViaControl(t, ['ufw-firewall'])
      expect(record).toMatchObject({ stepId: 'ufw-firewall', status: 'fail' })
      expect(record?.evidence).toContain('Status: inactive')
    }
    expect(counter.count('wsl.exe')).toBe(2)
    expect(t.channelStarts).toBe(2)
    await t.dispose()
  })

  it('applies the UFW step in a terminal through wsl.exe, as the app does', async () => {
    const driver = new ServiceDriver(undefined, wslExe)
    const c = await driver.call('target:connect', { target: { kind: 'wsl', distro: 'Ubuntu-24.04' } })
    expect(c).toMatchObject({ status: 'connected', target: { sudo: 'root' } })
    const r = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' })
    expect(r).toMatchObject({ ok: true, exitCode: 0 })
    expect(driver.svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')).toMatchObject({ stepId: 'ufw-firewall', status: 'pass' })
    await driver.svc.dispose()
  })
})

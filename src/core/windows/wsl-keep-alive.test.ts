import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { evaluateKeepAlive } from '../../catalog/wsl-keep-alive/evaluate'
import { createWindowsWorld, WINDOWS_USER } from '../../../test/helpers/windows-world'
import { AppError } from '../app-error'
import { keepAliveTaskName } from './keep-alive-task'
import { applyKeepAlive, checkKeepAlive, undoKeepAlive } from './wsl-keep-alive'

const ww = createWindowsWorld()
const DISTRO = 'Ubuntu-24.04'
const TASK = keepAliveTaskName(DISTRO)
const BOM = '\uFEFF'
const HAND = `${BOM}# mine\r\n[wsl2]\r\nmemory=6GB\r\n\r\n[general]\r\ninstanceIdleTimeout=30000\r\n`

const check = async (distro = DISTRO) => evaluateKeepAlive(await checkKeepAlive(ww.side, distro))
const bytes = () => (existsSync(ww.wslconfig) ? readFileSync(ww.wslconfig).toString('latin1') : null)

/** A task as a person makes it in Task Scheduler: a SID as the principal, the long option name, a quoted path. */
function handTask(opts: { enabled?: boolean; args?: string; principal?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <Triggers><LogonTrigger><Enabled>true</Enabled><UserId>${WINDOWS_USER}</UserId></LogonTrigger></Triggers>
  <Principals><Principal id="Author"><UserId>${opts.principal ?? 'S-1-5-21-1004336348-1177238915-682003330-1001'}</UserId><LogonType>InteractiveToken</LogonType></Principal></Principals>
  <Settings><Enabled>${opts.enabled === false ? 'false' : 'true'}</Enabled></Settings>
  <Actions Context="Author"><Exec><Command>"C:\\Windows\\System32\\wsl.exe"</Command><Arguments>${opts.args ?? `--distribution ${DISTRO} --exec /bin/true`}</Arguments></Exec></Actions>
</Task>`
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

beforeEach(() => {
  ww.inbox(false)
  rmSync(ww.wslconfig, { force: true })
  rmSync(ww.side.undoDir, { recursive: true, force: true })
  for (const name of Object.keys(ww.tasks())) ww.removeTask(name)
})
afterAll(() => ww.cleanup())

describe('wsl-keep-alive on Windows (Windows mocked: wsl.exe, schtasks.exe and %UserProfile% are stand-ins)', () => {
  it('refuses bad distribution names before anything runs (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, HAND)
    const calls = [ww.schtasksCalls().length, ww.wslCalls().length]
    for (const bad of ['-u root', 'Ubuntu;calc', 'a"b', 'x\\..\\y', '$(id)', '', ' Ubuntu', 'Ubuntu ', 'a\nb', 'a&b', 'x'.repeat(65)]) {
      const e = await refusal(applyKeepAlive(ww.side, bad))
      expect(e.code).toBe('INVALID_INPUT')
      expect(e.hint).toMatch(/Nothing was run or changed/)
      expect((await refusal(undoKeepAlive(ww.side, bad))).code).toBe('INVALID_INPUT')
    }
    expect([ww.schtasksCalls().length, ww.wslCalls().length]).toEqual(calls)
    expect(bytes()).toBe(Buffer.from(HAND).toString('latin1'))
  })

  it('refuses on the inbox WSL (wsl.exe --version unknown) and changes nothing (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, HAND)
    ww.inbox(true)
    const before = ww.schtasksCalls().length
    const e = await refusal(applyKeepAlive(ww.side, DISTRO))
    expect(e.message).toMatch(/WSL built into Windows, which ignores \[general\] instanceIdleTimeout/)
    expect(e.hint).toMatch(/Microsoft Store.*Nothing was changed/)
    expect(bytes()).toBe(Buffer.from(HAND).toString('latin1'))
    expect(ww.schtasksCalls().length).toBe(before)
    expect(ww.wslCalls().at(-1)).toEqual(['--version'])
  })

  it('apply sets the key line-preservingly and creates the logon task with an argv array; check passes; undo gives back the earlier bytes (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, HAND)
    expect((await check()).summary).toMatch(/instanceIdleTimeout is 30000 .*not -1.*the logon task "OpenClaw keep-alive \(Ubuntu-24.04\)" is missing/)
    const calls = ww.schtasksCalls().length
    const run = await applyKeepAlive(ww.side, DISTRO)
    expect(run.exitCode).toBe(0)
    expect(run.lines.join('\n')).toMatch(/wsl\.exe --shutdown/)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe(HAND.replace('instanceIdleTimeout=30000', 'instanceIdleTimeout=-1'))
    const created = ww.schtasksCalls().slice(calls).find((c) => c[0] === '/Create')
    expect(created?.slice(0, 4)).toEqual(['/Create', '/TN', TASK, '/XML'])
    expect(created?.slice(5)).toEqual(['/F'])
    const xml = ww.tasks()[TASK] ?? ''
    expect(xml).toContain(`<Arguments>-d ${DISTRO} --exec /bin/true</Arguments>`)
    expect(xml).toContain('<UserId>JÖRG-PC\\Jörg Müller</UserId>')
    expect(xml).toContain('<LogonType>InteractiveToken</LogonType>')
    expect(xml).toContain('<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>')
    const wslCalls = ww.wslCalls().length
    const v = await check()
    expect(v).toMatchObject({ status: 'pass' })
    // The check starts no wsl.exe (the re-check pass runs often; short wsl.exe calls are what the channels avoid).
    expect(ww.wslCalls().length).toBe(wslCalls)
    expect(v.evidence.join('\n')).toMatch(/instanceIdleTimeout = -1/)
    // Again: nothing changes (no new task, same bytes).
    const again = ww.schtasksCalls().length
    expect((await applyKeepAlive(ww.side, DISTRO)).lines.join('\n')).toMatch(/unchanged[\s\S]*unchanged/)
    expect(ww.schtasksCalls().slice(again).map((c) => c[0])).toEqual(['/Query'])
    const u = await undoKeepAlive(ww.side, DISTRO)
    expect(u.lines.join('\n')).toMatch(/Restored .* exactly as it was[\s\S]*Deleted the task/)
    expect(bytes()).toBe(Buffer.from(HAND).toString('latin1'))
    expect(ww.tasks()).toEqual({})
    expect((await check()).status).toBe('fail')
  })

  it('refuses a .wslconfig in UTF-16 or not valid UTF-8, changing nothing (Windows mocked)', async () => {
    for (const data of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[general]\r\n', 'utf16le')]), Buffer.from([0x5b, 0x77, 0x73, 0x6c, 0x32, 0x5d, 0x0a, 0x23, 0xe9, 0x0a])]) {
      writeFileSync(ww.wslconfig, data)
      const e = await refusal(applyKeepAlive(ww.side, DISTRO))
      expect(e.message).toMatch(/UTF-16|not valid UTF-8/)
      expect(e.hint).toMatch(/Nothing was changed/)
      expect(readFileSync(ww.wslconfig).equals(data)).toBe(true)
      expect(ww.tasks()).toEqual({})
      expect((await check()).status).toBe('error')
    }
  })

  it('creates a missing .wslconfig and undo removes it again (Windows mocked)', async () => {
    expect(existsSync(ww.wslconfig)).toBe(false)
    await applyKeepAlive(ww.side, DISTRO)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe('[general]\ninstanceIdleTimeout=-1\n')
    await undoKeepAlive(ww.side, DISTRO)
    expect(existsSync(ww.wslconfig)).toBe(false)
  })

  it('a machine set up by hand passes, and apply leaves it alone (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, '[general]\r\ninstanceIdleTimeout = -1\r\n')
    ww.putTask(TASK, handTask())
    expect(await check()).toMatchObject({ status: 'pass' })
    const calls = ww.schtasksCalls().length
    await applyKeepAlive(ww.side, DISTRO)
    expect(ww.schtasksCalls().slice(calls).map((c) => c[0])).toEqual(['/Query'])
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe('[general]\r\ninstanceIdleTimeout = -1\r\n')
    // Undo takes back nothing it did not do.
    expect((await undoKeepAlive(ww.side, DISTRO)).lines.join('\n')).toMatch(/nothing to undo[\s\S]*nothing to undo/)
    expect(ww.tasks()[TASK]).toBe(handTask())
  })

  it('each half broken by hand fails with exactly its reason (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, '[general]\ninstanceIdleTimeout=-1\n')
    ww.putTask(TASK, handTask())
    writeFileSync(ww.wslconfig, '[general]\n')
    const v = await check()
    expect(v.status).toBe('fail')
    expect(v.summary).toBe(`[general] instanceIdleTimeout is not set in ${ww.wslconfig} (WSL stops the distribution about 15 s after the last terminal closes).`)
    writeFileSync(ww.wslconfig, '[general]\ninstanceIdleTimeout=60000\n')
    expect((await check()).summary).toBe(`[general] instanceIdleTimeout is 60000 in ${ww.wslconfig}, not -1 (WSL stops the distribution after that many milliseconds idle).`)
    writeFileSync(ww.wslconfig, '[general]\ninstanceIdleTimeout=-1\n')
    ww.removeTask(TASK)
    expect((await check()).summary).toBe(`The logon task "${TASK}" is missing (nothing starts ${DISTRO} when you log on).`)
    ww.putTask(TASK, handTask({ enabled: false }))
    expect((await check()).summary).toBe(`The logon task "${TASK}" does not keep ${DISTRO} alive: it is disabled.`)
    ww.putTask(TASK, handTask({ args: '-d Debian --exec /bin/true' }))
    expect((await check()).summary).toMatch(/it starts the distribution "Debian", not "Ubuntu-24.04"/)
    ww.putTask(TASK, handTask({ principal: 'S-1-5-18' }))
    expect((await check()).summary).toMatch(/runs as S-1-5-18, which cannot see your WSL distributions/)
  })

  it('undo keeps a value changed since ("kept your later change") and a task changed since (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, HAND)
    await applyKeepAlive(ww.side, DISTRO)
    writeFileSync(ww.wslconfig, readFileSync(ww.wslconfig, 'utf8').replace('instanceIdleTimeout=-1', 'instanceIdleTimeout=120000'))
    ww.putTask(TASK, handTask({ args: `-d ${DISTRO} --exec dbus-launch true` }))
    const u = await undoKeepAlive(ww.side, DISTRO)
    expect(u.exitCode).toBe(0)
    expect(u.lines).toContain('kept your later change to [general] instanceIdleTimeout (now 120000; it was "instanceIdleTimeout=30000" before the apply)')
    expect(u.lines.join('\n')).toMatch(/kept your later change to the task "OpenClaw keep-alive \(Ubuntu-24.04\)"/)
    expect(readFileSync(ww.wslconfig, 'utf8')).toBe(HAND.replace('instanceIdleTimeout=30000', 'instanceIdleTimeout=120000'))
    expect(ww.tasks()[TASK]).toContain('dbus-launch')
  })

  it('replaces a wrong task of that name, and undo puts the earlier one back (Windows mocked)', async () => {
    const wrong = handTask({ enabled: false })
    ww.putTask(TASK, wrong)
    const run = await applyKeepAlive(ww.side, DISTRO)
    expect(run.lines.join('\n')).toMatch(/Replaced the task .*it is disabled; the earlier one is kept for Undo/)
    expect(await check()).toMatchObject({ status: 'pass' })
    await undoKeepAlive(ww.side, DISTRO)
    expect(ww.tasks()[TASK]).toBe(wrong)
  })

  it('a schtasks.exe that cannot read the task makes the check read error (never pass) and the apply refuse (Windows mocked)', async () => {
    writeFileSync(ww.wslconfig, '[general]\ninstanceIdleTimeout=-1\n')
    writeFileSync(`${ww.tasksDir}/deny`, '')
    try {
      expect(await check()).toMatchObject({ status: 'error', summary: expect.stringMatching(/Access is denied/) })
      // The apply reads the task before it writes anything: refused, .wslconfig untouched.
      writeFileSync(ww.wslconfig, HAND)
      expect((await refusal(applyKeepAlive(ww.side, DISTRO))).hint).toMatch(/Nothing was changed/)
      expect(bytes()).toBe(Buffer.from(HAND).toString('latin1'))
    } finally {
      rmSync(`${ww.tasksDir}/deny`)
    }
  })
})

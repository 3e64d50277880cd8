import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { probeWindow, runInPty } from './smoke-run'
import { runSmokeTest, smokeTestFile, type SmokeDeps, type WindowProbe } from './smoke-test'

const goodWindow: WindowProbe = { apiMethods: ['invoke', 'on'], ipcAnswered: true, url: 'app://ocss/index.html', rendered: true }
const WIN_ENV = { SystemRoot: 'C:\\Windows' }

function deps(over: Partial<SmokeDeps> = {}): SmokeDeps {
  return {
    platform: 'win32',
    env: WIN_ENV,
    version: '0.1.0',
    resolve: (name) => (name === 'ssh' ? 'C:\\Windows\\System32\\OpenSSH\\ssh.exe' : 'C:\\Windows\\System32\\wsl.exe'),
    runInPty: async (_file, args) => ({ output: `\x1b[?25l${args.at(-1)?.replace('echo ', '')}\r\n`, exitCode: 0 }),
    probeWindow: async () => goodWindow,
    nonce: 'ocss-smoke-abc',
    ...over,
  }
}

describe('--smoke-test: the flag', () => {
  it('is absent: null; with an absolute path: that path', () => {
    expect(smokeTestFile(['electron', '.'])).toBeNull()
    expect(smokeTestFile(['app.exe', '--smoke-test=C:\\Temp\\s.json'], 'win32')).toBe('C:\\Temp\\s.json')
    expect(smokeTestFile(['app', '--smoke-test=/tmp/s.json'], 'linux')).toBe('/tmp/s.json')
  })
  it('refuses a missing, relative or control-character path with a message naming the flag', () => {
    for (const bad of ['--smoke-test', '--smoke-test=', '--smoke-test=s.json', '--smoke-test=/tmp/a\nb.json']) {
      expect(() => smokeTestFile(['app', bad], 'linux'), bad).toThrow(/--smoke-test needs an absolute path/)
    }
    expect(() => smokeTestFile(['app', '--smoke-test=/tmp/s.json'], 'win32')).toThrow(/absolute path/)
  })
})

describe('--smoke-test: the checks (Electron and Windows mocked)', () => {
  it('Windows with the inbox ssh.exe and wsl.exe, the preload API, IPC and a PTY: every check passes', async () => {
    const r = await runSmokeTest(deps())
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([['window', true], ['program ssh', true], ['program wsl.exe', true], ['pty', true]])
    expect(r.ok).toBe(true)
  })
  it('an ssh.exe found on PATH instead of System32 fails that check (security review L4), with both paths named', async () => {
    const r = await runSmokeTest(deps({ resolve: (n) => (n === 'ssh' ? 'C:\\Users\\me\\Downloads\\ssh.exe' : 'C:\\Windows\\System32\\wsl.exe') }))
    expect(r.ok).toBe(false)
    expect(r.checks.find((c) => c.name === 'program ssh')).toMatchObject({ ok: false, detail: expect.stringMatching(/Downloads\\ssh\.exe .*System32\\OpenSSH\\ssh\.exe/) })
  })
  it('a page without the preload API, without an IPC answer or with nothing rendered fails the window check', async () => {
    for (const w of [{ ...goodWindow, apiMethods: [] }, { ...goodWindow, ipcAnswered: false }, { ...goodWindow, rendered: false }]) {
      const r = await runSmokeTest(deps({ probeWindow: async () => w }))
      expect(r.checks[0]).toMatchObject({ name: 'window', ok: false })
      expect(r.ok).toBe(false)
    }
  })
  it('a probe or PTY that throws is a failed check with the reason, never a crash', async () => {
    const r = await runSmokeTest(deps({ probeWindow: async () => { throw new Error('the window failed to load') }, runInPty: async () => { throw new Error('spawn failed') } }))
    expect(r.checks.find((c) => c.name === 'window')).toMatchObject({ ok: false, detail: 'threw: the window failed to load' })
    expect(r.checks.find((c) => c.name === 'pty')).toMatchObject({ ok: false, detail: 'threw: spawn failed' })
  })
  it('the PTY must give back the nonce and exit 0; on Windows it runs System32\\cmd.exe', async () => {
    const seen: string[] = []
    const r = await runSmokeTest(deps({ runInPty: async (file) => { seen.push(file); return { output: 'something else', exitCode: 0 } } }))
    expect(seen).toEqual(['C:\\Windows\\System32\\cmd.exe'])
    expect(r.checks.find((c) => c.name === 'pty')?.ok).toBe(false)
  })
})

describe('--smoke-test on Linux: the real node-pty', () => {
  it('runInPty starts /bin/sh in a pseudo-terminal and reads its output and exit code', async () => {
    const r = await runInPty('/bin/sh', ['-c', 'test -t 0 && echo tty-ok; exit 3'])
    expect(r.output).toContain('tty-ok')
    expect(r.exitCode).toBe(3)
  })
  it('the whole check passes here with the real PTY and program lookup (window mocked)', async () => {
    const { program } = await import('../core/targets/program-path')
    const r = await runSmokeTest(deps({ platform: 'linux', env: process.env, resolve: program, runInPty }))
    expect(r.checks.find((c) => c.name === 'pty')).toMatchObject({ ok: true })
  })
})

describe('probeWindow (Electron mocked)', () => {
  const fakeWindow = (loading: boolean) => {
    const wc = Object.assign(new EventEmitter(), { isLoading: () => loading, executeJavaScript: vi.fn(async (_script: string) => goodWindow) })
    return { win: { webContents: wc } as never, wc }
  }
  it('waits for did-finish-load, then runs the probe in the page', async () => {
    const { win, wc } = fakeWindow(true)
    const p = probeWindow(win)
    expect(wc.executeJavaScript).not.toHaveBeenCalled()
    wc.emit('did-finish-load')
    await expect(p).resolves.toEqual(goodWindow)
    expect(wc.executeJavaScript.mock.calls[0]?.[0]).toContain("api.invoke('app:state', {})")
  })
  it('a failed load rejects with its description', async () => {
    const { win, wc } = fakeWindow(true)
    const p = probeWindow(win)
    wc.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND')
    await expect(p).rejects.toThrow('the window failed to load: ERR_FILE_NOT_FOUND (-6)')
  })
})

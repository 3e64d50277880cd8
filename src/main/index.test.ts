import { EventEmitter } from 'node:events'
import { rmSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const m = vi.hoisted(() => ({
  state: {
    lock: true,
    app: null as unknown as EventEmitter & Record<string, ReturnType<typeof vi.fn>>,
    windows: [] as { webContents: { id: number; send: ReturnType<typeof vi.fn> } }[],
    services: [] as { opts: { dataDir: string; emit: (c: string, p: unknown) => void }; dispose: ReturnType<typeof vi.fn> }[],
    windowOpts: [] as unknown[],
    ipcOpts: [] as { mainWebContentsId: () => number | null; devOrigin: string | null }[],
  },
  registerIpc: vi.fn(),
  registerAppSchemePrivileges: vi.fn(),
  serveAppProtocol: vi.fn(),
  hardenSession: vi.fn(),
  hardenWebContents: vi.fn(),
  runSmoke: vi.fn(async () => 0),
  setupUpdates: vi.fn(async () => 'notify'),
}))

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const { tmpdir } = await import('node:os')
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => m.state.lock),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => (name === 'temp' ? tmpdir() : `/home/u/.config/${name}`)),
    setPath: vi.fn(),
    exit: vi.fn(),
    getVersion: vi.fn(() => '0.1.0'),
  })
  m.state.app = app as never
  return { app, BrowserWindow: class {}, clipboard: { writeText: vi.fn() }, dialog: { showSaveDialog: vi.fn() }, session: { defaultSession: { name: 'default' } } }
})
vi.mock('../core/service/app-service', () => ({
  AppService: class {
    readonly dispose = vi.fn(async () => undefined)
    constructor(readonly opts: { dataDir: string; emit: (c: string, p: unknown) => void }) {
      m.state.services.push(this)
    }
  },
}))
vi.mock('./ipc', () => ({
  registerIpc: m.registerIpc.mockImplementation((_service: unknown, opts: (typeof m.state.ipcOpts)[number]) => {
    m.state.ipcOpts.push(opts)
    return vi.fn()
  }),
}))
vi.mock('./smoke-run', () => ({ runSmoke: m.runSmoke }))
vi.mock('./update-wiring', () => ({ setupUpdates: m.setupUpdates }))
vi.mock('./protocol', () => ({ registerAppSchemePrivileges: m.registerAppSchemePrivileges, serveAppProtocol: m.serveAppProtocol }))
vi.mock('./window', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  return {
    hardenSession: m.hardenSession,
    hardenWebContents: m.hardenWebContents,
    createMainWindow: vi.fn((opts: unknown) => {
      m.state.windowOpts.push(opts)
      const win = Object.assign(new Emitter(), {
        webContents: { id: 42, send: vi.fn() },
        isDestroyed: () => false,
        isMinimized: () => false,
        restore: vi.fn(),
        focus: vi.fn(),
      })
      m.state.windows.push(win)
      return win
    }),
  }
})

async function boot(lock: boolean) {
  m.state.lock = lock
  m.state.windows = []
  m.state.services = []
  m.state.ipcOpts = []
  m.state.windowOpts = []
  // The mocked electron module (and its app emitter) survives resetModules: drop the previous boot's listeners.
  ;(m.state.app as EventEmitter | null)?.removeAllListeners()
  vi.resetModules()
  vi.clearAllMocks()
  await import('./index')
  await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
  return m.state.app
}

const argv = [...process.argv]
beforeEach(() => {
  delete process.env['ELECTRON_RENDERER_URL']
  process.argv = [...argv]
})

describe('main process lifecycle (Electron mocked)', () => {
  it('quits at once when another instance holds the lock', async () => {
    const app = await boot(false)
    expect(app.quit).toHaveBeenCalledOnce()
    expect(app.enableSandbox).not.toHaveBeenCalled()
    expect(m.state.windows).toHaveLength(0)
  })

  it('enables the sandbox, registers app://, creates the service on userData, IPC and one window', async () => {
    const app = await boot(true)
    expect(app.enableSandbox).toHaveBeenCalledOnce()
    expect(m.registerAppSchemePrivileges).toHaveBeenCalledOnce()
    expect(m.hardenSession).toHaveBeenCalledWith({ name: 'default' }, { addCspHeader: true })
    expect(m.state.services).toHaveLength(1)
    expect(m.state.services[0]?.opts.dataDir).toBe('/home/u/.config/userData')
    expect(m.registerIpc).toHaveBeenCalledOnce()
    expect(m.state.windows).toHaveLength(1)
    expect(m.state.ipcOpts[0]?.mainWebContentsId()).toBe(42)
    expect(m.state.ipcOpts[0]?.devOrigin).toBeNull()
  })

  it.skipIf(process.platform === 'darwin')('gives the window the app icon from resources/ on Windows and Linux', async () => {
    await boot(true)
    expect(m.state.windowOpts[0]).toMatchObject({ icon: expect.stringMatching(/resources\/icon\.png/) })
  })

  it('forwards service events to the window with webContents.send', async () => {
    await boot(true)
    m.state.services[0]?.opts.emit('terminal:data', { sessionId: 'abc', data: 'hi' })
    expect(m.state.windows[0]?.webContents.send).toHaveBeenCalledWith('terminal:data', { sessionId: 'abc', data: 'hi' })
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged build', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    await boot(true)
    expect(m.state.ipcOpts[0]?.devOrigin).toBeNull()
  })

  it('quits when all windows are closed and disposes the service before exiting', async () => {
    const app = await boot(true)
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalledOnce()
    const quitEvent = { preventDefault: vi.fn() }
    app.emit('will-quit', quitEvent)
    expect(quitEvent.preventDefault).toHaveBeenCalledOnce()
    expect(m.state.services[0]?.dispose).toHaveBeenCalledOnce()
    await new Promise((r) => setTimeout(r, 0))
    expect(app.quit).toHaveBeenCalledTimes(2)
    const second = { preventDefault: vi.fn() }
    app.emit('will-quit', second)
    expect(second.preventDefault).not.toHaveBeenCalled()
  })

  it('--smoke-test=<file>: a throw-away data folder, the checks once the window exists, then its exit code after the service is disposed', async () => {
    process.argv = [...argv, '--smoke-test=/tmp/ocss-smoke-result.json']
    m.runSmoke.mockResolvedValueOnce(1)
    const app = await boot(true)
    expect(app.setPath).toHaveBeenCalledWith('userData', expect.stringMatching(/ocss-smoke-/))
    const dataDir = (app.setPath!.mock.calls[0] as string[])[1]!
    expect(app.setPath!.mock.invocationCallOrder[0]).toBeLessThan(app.requestSingleInstanceLock!.mock.invocationCallOrder[0]!)
    expect(m.runSmoke).toHaveBeenCalledWith(m.state.windows[0], '/tmp/ocss-smoke-result.json', '0.1.0')
    expect(m.setupUpdates).not.toHaveBeenCalled()
    await new Promise((r) => setTimeout(r, 0))
    expect(app.quit).toHaveBeenCalledOnce()
    app.emit('will-quit', { preventDefault: vi.fn() })
    expect(m.state.services[0]?.dispose).toHaveBeenCalledOnce()
    await new Promise((r) => setTimeout(r, 0))
    expect(app.exit).toHaveBeenCalledWith(1)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('--smoke-test with a relative path: a message and exit 2, no window, no service', async () => {
    process.argv = [...argv, '--smoke-test=result.json']
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const app = await boot(true)
    expect(app.exit).toHaveBeenCalledWith(2)
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/--smoke-test needs an absolute path/)
    write.mockRestore()
    expect(m.state.windows).toHaveLength(0)
    expect(m.state.services).toHaveLength(0)
  })

  it('without the flag: no smoke test, and the real data folder', async () => {
    const app = await boot(true)
    expect(m.runSmoke).not.toHaveBeenCalled()
    expect(app.setPath).not.toHaveBeenCalled()
    expect(m.setupUpdates).toHaveBeenCalledOnce()
  })
})

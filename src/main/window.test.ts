import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from './csp'

const electron = vi.hoisted(() => {
  class FakeWebContents {
    private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>()
    url = 'app://ocss/index.html'
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
    on(name: string, fn: (...args: unknown[]) => void): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn])
      return this
    }
    listenerCount(name: string): number {
      return this.listeners.get(name)?.length ?? 0
    }
    fire(name: string, ...args: unknown[]): void {
      for (const fn of this.listeners.get(name) ?? []) fn(...args)
    }
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = fn
    }
    getURL(): string {
      return this.url
    }
  }
  const created: { options: Record<string, unknown>; win: unknown }[] = []
  return { FakeWebContents, created, openExternal: vi.fn(async () => undefined) }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  class BrowserWindow extends Emitter {
    readonly webContents = new electron.FakeWebContents()
    readonly show = vi.fn()
    readonly loadURL = vi.fn(async () => undefined)
    constructor(readonly options: Record<string, unknown>) {
      super()
      electron.created.push({ options, win: this })
    }
  }
  return { BrowserWindow, shell: { openExternal: electron.openExternal } }
})

const { createMainWindow, hardenSession, hardenWebContents } = await import('./window')

type Fake = InstanceType<typeof electron.FakeWebContents>
const asContents = (fake: Fake) => fake as unknown as Parameters<typeof hardenWebContents>[0]

function navEvent(url: string, extra: Record<string, unknown> = {}) {
  return { url, preventDefault: vi.fn(), ...extra }
}

beforeEach(() => {
  electron.created.length = 0
  electron.openExternal.mockClear()
})

describe('main window (Electron mocked)', () => {
  it('is created with the secure webPreferences, 1280x800 (min 960x640), hidden until ready-to-show', () => {
    const win = createMainWindow({ preloadPath: '/app/out/preload/index.js', devServerUrl: null, isPackaged: true, icon: '/app/out/main/chunks/icon.png' }) as unknown as EventEmitter & { show: ReturnType<typeof vi.fn>; loadURL: ReturnType<typeof vi.fn> }
    const options = electron.created[0]?.options
    expect(options).toMatchObject({ width: 1280, height: 800, minWidth: 960, minHeight: 640, show: false, icon: '/app/out/main/chunks/icon.png' })
    expect(options?.['webPreferences']).toEqual({
      preload: '/app/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    })
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledOnce()
    expect(win.loadURL).toHaveBeenCalledWith('app://ocss/index.html')
  })

  it('loads the dev server URL when one is given, with DevTools allowed only unpackaged', () => {
    const win = createMainWindow({ preloadPath: '/p.js', devServerUrl: 'http://localhost:5173', isPackaged: false, icon: null }) as unknown as { loadURL: ReturnType<typeof vi.fn> }
    expect(win.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect((electron.created[0]?.options['webPreferences'] as Record<string, unknown>)['devTools']).toBe(true)
    // No icon given (macOS): the window leaves it to the app bundle.
    expect(electron.created[0]?.options).not.toHaveProperty('icon')
  })

  it('hardens its webContents (the window-open handler is installed)', () => {
    const win = createMainWindow({ preloadPath: '/p.js', devServerUrl: null, isPackaged: true, icon: null }) as unknown as { webContents: Fake }
    expect(win.webContents.windowOpenHandler).not.toBeNull()
    expect(win.webContents.listenerCount('will-navigate')).toBe(1)
  })
})

describe('webContents hardening (Electron mocked)', () => {
  it('denies every new window; only a plain https URL is handed to the system browser', () => {
    const wc = new electron.FakeWebContents()
    hardenWebContents(asContents(wc))
    const open = (url: string) => wc.windowOpenHandler?.({ url })
    expect(open('https://docs.openclaw.ai/guide')).toEqual({ action: 'deny' })
    expect(electron.openExternal).toHaveBeenCalledWith('https://docs.openclaw.ai/guide')
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'app://ocss/index.html', 'smb://host/share', 'https://user:pw@example.com/']) {
      expect(open(url)).toEqual({ action: 'deny' })
    }
    expect(electron.openExternal).toHaveBeenCalledOnce()
  })

  it('prevents navigation to any other URL, allows a reload of the same page', () => {
    const wc = new electron.FakeWebContents()
    hardenWebContents(asContents(wc))
    for (const url of ['https://evil.example/', 'app://ocss/other.html', 'file:///C:/Windows/win.ini', 'http://localhost:5173/']) {
      const e = navEvent(url)
      wc.fire('will-navigate', e)
      expect(e.preventDefault, url).toHaveBeenCalled()
    }
    const same = navEvent('app://ocss/index.html#/checklist')
    wc.fire('will-navigate', same)
    expect(same.preventDefault).not.toHaveBeenCalled()
  })

  it('prevents redirects elsewhere, subframe navigations and <webview> attachment', () => {
    const wc = new electron.FakeWebContents()
    hardenWebContents(asContents(wc))
    const redirect = navEvent('https://evil.example/')
    wc.fire('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
    const sub = navEvent('app://ocss/index.html', { isMainFrame: false })
    wc.fire('will-frame-navigate', sub)
    expect(sub.preventDefault).toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    wc.fire('will-attach-webview', webview, {}, {})
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('cancels every Bluetooth device chooser request (never lets Electron pick a device)', () => {
    const wc = new electron.FakeWebContents()
    hardenWebContents(asContents(wc))
    expect(wc.listenerCount('select-bluetooth-device')).toBe(1)
    const event = { preventDefault: vi.fn() }
    const callback = vi.fn()
    wc.fire('select-bluetooth-device', event, [{ deviceId: 'aa:bb', deviceName: 'Headset' }], callback)
    expect(event.preventDefault).toHaveBeenCalled()
    expect(callback).toHaveBeenCalledExactlyOnceWith('')
  })

  it('is idempotent (hardening twice registers the listeners once)', () => {
    const wc = new electron.FakeWebContents()
    hardenWebContents(asContents(wc))
    hardenWebContents(asContents(wc))
    expect(wc.listenerCount('will-navigate')).toBe(1)
  })
})

describe('session hardening (Electron mocked)', () => {
  function fakeSession() {
    const listeners = new Map<string, (...args: unknown[]) => void>()
    return {
      listeners,
      on: vi.fn((name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn)),
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    }
  }
  const asSession = (s: ReturnType<typeof fakeSession>) => s as unknown as Parameters<typeof hardenSession>[0]

  it('denies every permission request and check', () => {
    const ses = fakeSession()
    hardenSession(asSession(ses), { addCspHeader: true })
    const request = ses.setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'hid', 'fileSystem']) {
      const cb = vi.fn()
      request({}, permission, cb)
      expect(cb).toHaveBeenCalledWith(false)
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]?.[0] as (wc: unknown, p: string) => boolean
    expect(check({}, 'clipboard-sanitized-write')).toBe(false)
    expect(check({}, 'media')).toBe(false)
    const device = ses.setDevicePermissionHandler.mock.calls[0]?.[0] as (d: unknown) => boolean
    expect(device({ deviceType: 'usb' })).toBe(false)
  })

  it('cancels every HID, serial and USB device chooser request', () => {
    const ses = fakeSession()
    hardenSession(asSession(ses), { addCspHeader: true })
    const requests: Record<string, unknown[]> = {
      'select-hid-device': [{ deviceList: [{ deviceId: 'hid-1', name: 'Key' }], frame: {} }],
      'select-serial-port': [[{ portId: 'COM3', portName: 'COM3' }], {}],
      'select-usb-device': [{ deviceList: [{ deviceId: 'usb-1', productName: 'Stick' }], frame: {} }],
    }
    for (const [name, args] of Object.entries(requests)) {
      const handler = ses.listeners.get(name)
      expect(handler, name).toBeDefined()
      const event = { preventDefault: vi.fn() }
      const callback = vi.fn()
      handler?.(event, ...args, callback)
      expect(event.preventDefault, name).toHaveBeenCalled()
      expect(callback, name).toHaveBeenCalledOnce()
      // No device id (or the empty one for serial ports) is Electron's "cancelled".
      expect(callback.mock.calls[0]?.[0] ?? '', name).toBe('')
    }
  })

  it('adds the strict Content-Security-Policy header to responses, replacing any other', () => {
    const ses = fakeSession()
    hardenSession(asSession(ses), { addCspHeader: true })
    const onHeaders = ses.webRequest.onHeadersReceived.mock.calls[0]?.[0] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void
    const cb = vi.fn()
    onHeaders({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, cb)
    const headers = cb.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['Content-Type']).toEqual(['text/html'])
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
  })

  it('leaves the header to the page meta tag in dev (addCspHeader false)', () => {
    const ses = fakeSession()
    hardenSession(asSession(ses), { addCspHeader: false })
    expect(ses.webRequest.onHeadersReceived).not.toHaveBeenCalled()
    expect(ses.setPermissionRequestHandler).toHaveBeenCalled()
  })
})

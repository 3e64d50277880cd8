import { BrowserWindow, shell, type Session, type WebContents } from 'electron'
import { APP_ENTRY_URL } from './app-protocol'
import { withCspHeader } from './csp'
import { externalUrlToOpen, isAllowedNavigation } from './navigation'

export interface MainWindowOptions {
  readonly preloadPath: string
  /** The electron-vite dev server (unpackaged runs only); null loads app://ocss/index.html. */
  readonly devServerUrl: string | null
  readonly isPackaged: boolean
  /** The window icon (resources/icon.png, emitted by electron-vite), or null to leave it to the OS (macOS). */
  readonly icon: string | null
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'OpenClaw Secure Setup',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    // Written out here, in the constructor call, so that Electronegativity (scripts/electronegativity.mjs) can read
    // every value; docs/electron-security.md goes through them. Sandboxed, isolated, no Node, no webviews,
    // DevTools only when unpackaged.
    webPreferences: {
      preload: opts.preloadPath,
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
      devTools: !opts.isPackaged,
    },
  })
  hardenWebContents(win.webContents)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(opts.devServerUrl ?? APP_ENTRY_URL)
  return win
}

const hardened = new WeakSet<WebContents>()

function openExternally(url: string): void {
  const safe = externalUrlToOpen(url)
  if (safe) void shell.openExternal(safe)
}

/** No navigation away, no new windows (https links go to the system browser), no webviews. Idempotent. */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, contents.getURL())) return
    event.preventDefault()
    openExternally(event.url)
  })
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, contents.getURL())) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    // The app has no subframes; refuse any that try to load something.
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // Without a handler Electron may pick the first Bluetooth device by itself; an empty id cancels the request.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault()
    callback('')
  })
}

/**
 * Every permission (camera, notifications, clipboard-read, HID, …) is refused, every device chooser (HID, serial,
 * USB) is cancelled without showing a device; the CSP header is added to responses.
 */
export function hardenSession(ses: Session, opts: { readonly addCspHeader: boolean }): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  // preventDefault takes the choice over from Electron; calling back with no device cancels the page's request.
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault()
    callback('')
  })
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  if (opts.addCspHeader) {
    ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders) }))
  }
}

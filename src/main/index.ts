import { join } from 'node:path'
import { app, BrowserWindow, dialog, session } from 'electron'
import { AppService } from '../core/service/app-service'
import { hardenProgramLookup } from '../core/targets/program-path'
import { registerIpc } from './ipc'
import { reportSaver } from './save-report'
import { registerAppSchemePrivileges, serveAppProtocol } from './protocol'
import { createMainWindow, hardenSession, hardenWebContents } from './window'

/** App lifecycle only: single instance, sandbox, service, IPC, window, quit. */

const DISPOSE_TIMEOUT_MS = 5000

function devServerUrl(): string | null {
  // Never honour the dev server variable in a packaged build.
  return !app.isPackaged && process.env['ELECTRON_RENDERER_URL'] ? process.env['ELECTRON_RENDERER_URL'] : null
}

function start(): void {
  hardenProgramLookup()
  app.enableSandbox()
  registerAppSchemePrivileges()

  let mainWindow: BrowserWindow | null = null
  let service: AppService | null = null
  let unregisterIpc: (() => void) | null = null
  let disposed = false
  const devUrl = devServerUrl()

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, { addCspHeader: devUrl === null })
    serveAppProtocol(join(__dirname, '../renderer'))
    service = new AppService({
      dataDir: app.getPath('userData'),
      // report:export: the save dialog picks the path, the file is written mode 600 (src/main/save-report.ts).
      saveFile: reportSaver(dialog, () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null)),
      emit: (channel, payload) => {
        if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload)
      },
    })
    unregisterIpc = registerIpc(service, {
      mainWebContentsId: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null),
      devOrigin: devUrl ? new URL(devUrl).origin : null,
    })
    mainWindow = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), devServerUrl: devUrl, isPackaged: app.isPackaged })
    mainWindow.on('closed', () => {
      mainWindow = null
    })
  })

  app.on('window-all-closed', () => app.quit())

  // Stop the terminal session and disconnect the target before the process exits (bounded wait).
  app.on('will-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    unregisterIpc?.()
    const pending = service?.dispose() ?? Promise.resolve()
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS))
    void Promise.race([pending.catch(() => undefined), timeout]).finally(() => app.quit())
  })
}

if (app.requestSingleInstanceLock()) start()
else app.quit()

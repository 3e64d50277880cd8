import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, dialog, net, session } from 'electron'
// Unpacked from the asar archive: the window icon is read by native code, which cannot read inside the archive.
import icon from '../../resources/icon.png?asset&asarUnpack'
import { AppService } from '../core/service/app-service'
import { hardenProgramLookup } from '../core/targets/program-path'
import { registerIpc } from './ipc'
import { reportSaver } from './save-report'
import { registerAppSchemePrivileges, serveAppProtocol } from './protocol'
import { runSmoke } from './smoke-run'
import { smokeTestFile } from './smoke-test'
import { checkForUpdates } from './update-check'
import { currentUpdateMode, setupUpdates } from './update-wiring'
import { createMainWindow, hardenSession, hardenWebContents } from './window'

/** App lifecycle only: single instance, sandbox, service, IPC, window, quit. */

const DISPOSE_TIMEOUT_MS = 5000

function devServerUrl(): string | null {
  // Never honour the dev server variable in a packaged build.
  return !app.isPackaged && process.env['ELECTRON_RENDERER_URL'] ? process.env['ELECTRON_RENDERER_URL'] : null
}

function start(smokeFile: string | null): void {
  hardenProgramLookup()
  app.enableSandbox()
  registerAppSchemePrivileges()

  let mainWindow: BrowserWindow | null = null
  let service: AppService | null = null
  let unregisterIpc: (() => void) | null = null
  let disposed = false
  /** --smoke-test: the exit code its checks gave, used once the service is disposed */
  let smokeExit: number | null = null
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
      clipboard,
      // "Check for updates": Electron's net.fetch (the system's proxy settings), nothing downloaded (update-check.ts).
      checkUpdates: (payload) => checkForUpdates({ current: app.getVersion(), mode: currentUpdateMode(app), fetch: (url, init) => net.fetch(url, init) }, payload),
    })
    mainWindow = createMainWindow({
      preloadPath: join(__dirname, '../preload/index.js'),
      devServerUrl: devUrl,
      isPackaged: app.isPackaged,
      // macOS takes the icon from the app bundle; Windows and Linux need it on the window.
      icon: process.platform === 'darwin' ? null : icon,
    })
    mainWindow.on('closed', () => {
      mainWindow = null
    })
    // Signed packaged builds only (update-wiring.ts); never during a smoke test.
    if (smokeFile === null) void setupUpdates(app, dialog, () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null))
    if (smokeFile !== null) {
      void runSmoke(mainWindow, smokeFile, app.getVersion()).then((code) => {
        smokeExit = code
        app.quit()
      })
    }
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
    void Promise.race([pending.catch(() => undefined), timeout]).finally(() => (smokeExit === null ? app.quit() : app.exit(smokeExit)))
  })
}

/** The result file of --smoke-test, null without it, undefined (after a message) when its value is bad. */
function smokeArg(): string | null | undefined {
  try {
    return smokeTestFile(process.argv)
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    return undefined
  }
}

const smokeFile = smokeArg()
if (smokeFile === undefined) app.exit(2)
else {
  // The smoke test runs beside any real instance, on a data folder of its own (the single-instance lock is per folder).
  if (smokeFile !== null) app.setPath('userData', mkdtempSync(join(app.getPath('temp'), 'ocss-smoke-')))
  if (app.requestSingleInstanceLock()) start(smokeFile)
  else app.quit()
}

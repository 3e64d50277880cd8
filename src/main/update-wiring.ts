import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { App, BrowserWindow, Dialog } from 'electron'
import { builtSigned, startAutoUpdates, updateMode, type UpdateMode, type UpdaterLike } from './updates'

/** The electron half of updates.ts: the mode from the packed package.json, and the auto mode's dialogs. */

function packedPackageJson(app: Pick<App, 'getAppPath'>): unknown {
  try {
    return JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8'))
  } catch {
    return null
  }
}

export function currentUpdateMode(app: Pick<App, 'isPackaged' | 'getAppPath'>, platform: NodeJS.Platform = process.platform): UpdateMode {
  return updateMode({ isPackaged: app.isPackaged, signed: builtSigned(packedPackageJson(app)), platform })
}

/**
 * Starts the auto mode when this build may use it (signed, packaged, Windows or macOS); otherwise does nothing.
 * electron-updater is loaded only then, so an unsigned build never runs its code.
 */
export async function setupUpdates(
  app: Pick<App, 'isPackaged' | 'getAppPath'>,
  dialog: Pick<Dialog, 'showMessageBox'>,
  window: () => BrowserWindow | null,
  load: () => Promise<UpdaterLike> = async () => (await import('electron-updater')).autoUpdater as unknown as UpdaterLike,
): Promise<UpdateMode> {
  const mode = currentUpdateMode(app)
  if (mode !== 'auto') return mode
  const ask = async (message: string, detail: string, yes: string): Promise<boolean> => {
    const opts = { type: 'question' as const, buttons: [yes, 'Later'], defaultId: 1, cancelId: 1, message, detail }
    const w = window()
    const r = w ? await dialog.showMessageBox(w, opts) : await dialog.showMessageBox(opts)
    return r.response === 0
  }
  await startAutoUpdates(await load(), {
    download: (v) => ask(`OpenClaw Secure Setup ${v} is available.`, 'Download it now? It is checked against the publisher\'s signature before anything is installed.', 'Download'),
    restart: (v) => ask(`OpenClaw Secure Setup ${v} is ready.`, 'Restart the app now to install it? A running step or terminal is stopped.', 'Restart now'),
    error: (message) => { void dialog.showMessageBox({ type: 'warning', message: 'Update problem', detail: message }) },
  })
  return mode
}

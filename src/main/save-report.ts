import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron'
import { writePrivateFile } from '../core/store/write-private-file'

const FILTERS = {
  html: { name: 'HTML report', extensions: ['html'] },
  md: { name: 'Markdown report', extensions: ['md'] },
  json: { name: 'JSON report', extensions: ['json'] },
} as const

/**
 * AppService's `saveFile` in the app: Electron's save dialog chooses the path (the window never names one), then the
 * file is written with mode 600, never through a symbolic link. Returns null when the person cancels.
 */
export function reportSaver(dialog: Pick<Dialog, 'showSaveDialog'>, window: () => BrowserWindow | null) {
  return async (file: { readonly defaultName: string; readonly content: string; readonly format: keyof typeof FILTERS }): Promise<string | null> => {
    const filter = FILTERS[file.format]
    const options: SaveDialogOptions = { title: 'Export the checklist report', defaultPath: file.defaultName, filters: [{ name: filter.name, extensions: [...filter.extensions] }], properties: ['createDirectory', 'showOverwriteConfirmation'] }
    const win = window()
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    if (choice.canceled || !choice.filePath) return null
    await writePrivate(choice.filePath, file.content)
    return choice.filePath
  }
}

/**
 * Writes `content` to `path` with mode 600, atomically (temp file with O_EXCL, fsync, rename), never through a link and
 * never onto a device, FIFO, socket or hard link; see writePrivateFile.
 */
export async function writePrivate(path: string, content: string): Promise<void> {
  writePrivateFile(path, content)
}

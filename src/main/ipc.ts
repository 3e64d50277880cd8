import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS, MAIN_INVOKE_CHANNELS, type InvokeChannel, type InvokeResults, type MainInvokeChannel, type MainInvokeResults } from '../shared/ipc-contract'
import type { Envelope } from '../shared/result'
import { isAppUrl } from './app-protocol'
import { writeClipboard, type ClipboardWriter } from './clipboard'

/**
 * The one place that touches ipcMain (lint enforces it). Every service channel → `service.handle`; the channels main
 * answers itself (MAIN_INVOKE_CHANNELS: the clipboard, the update check) → their handler here. The same sender check guards both.
 */

export interface IpcService {
  handle<C extends InvokeChannel>(channel: C, payload: unknown): Promise<Envelope<InvokeResults[C]>>
}

export interface IpcOptions {
  /** The id of the main window's webContents, or null when there is no window. */
  readonly mainWebContentsId: () => number | null
  /** The dev server origin (unpackaged runs with ELECTRON_RENDERER_URL only), else null. */
  readonly devOrigin: string | null
  /** Electron's clipboard (for clipboard:write). */
  readonly clipboard: ClipboardWriter
  /** updates:check (update-check.ts with this build's version, mode and net.fetch). */
  readonly checkUpdates: (payload: unknown) => Promise<Envelope<MainInvokeResults['updates:check']>>
}

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface SenderInfo {
  readonly sender: { readonly id: number }
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

export const FORBIDDEN_ENVELOPE = {
  ok: false,
  error: {
    code: 'FORBIDDEN',
    message: 'The request did not come from the app window.',
    hint: 'Only the OpenClaw Secure Setup window may make requests. Restart the app.',
  },
} as const satisfies Envelope<never>

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** The main window's top frame, showing app://ocss/… (or the dev server in dev), and nothing else. */
export function isTrustedSender(event: SenderInfo, mainWebContentsId: number | null, devOrigin: string | null): boolean {
  if (mainWebContentsId === null || event.sender.id !== mainWebContentsId) return false
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (isAppUrl(frame.url)) return true
  return devOrigin !== null && devOrigin !== 'null' && originOf(frame.url) === devOrigin
}

/** Registers every invoke channel; returns a function that removes them again. */
export function registerIpc(service: IpcService, opts: IpcOptions): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, opts.mainWebContentsId(), opts.devOrigin)) return FORBIDDEN_ENVELOPE
      return service.handle(channel, payload)
    })
  }
  const mainHandlers: { [C in MainInvokeChannel]: (payload: unknown) => Envelope<MainInvokeResults[C]> | Promise<Envelope<MainInvokeResults[C]>> } = {
    'clipboard:write': (payload) => writeClipboard(opts.clipboard, payload),
    'updates:check': (payload) => opts.checkUpdates(payload),
  }
  for (const channel of MAIN_INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, opts.mainWebContentsId(), opts.devOrigin)) return FORBIDDEN_ENVELOPE
      return mainHandlers[channel](payload)
    })
  }
  return () => {
    for (const channel of [...INVOKE_CHANNELS, ...MAIN_INVOKE_CHANNELS]) ipcMain.removeHandler(channel)
  }
}

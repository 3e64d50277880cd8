import type { IpcRenderer, IpcRendererEvent } from 'electron'
import { isEventChannel, isInvokeChannel, isMainInvokeChannel } from '../shared/channels'
import type { EventPayloads, PreloadApi } from '../shared/ipc-contract'

/** The ipcRenderer methods the bridge uses (index.ts passes the real one; tests pass a fake). */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

/**
 * The object exposed as `window.api`. Only contract channels pass (the services' and main's own); listeners receive the payload,
 * never the IpcRendererEvent (its `sender` is ipcRenderer itself).
 */
export function createPreloadApi(ipc: BridgeIpc): PreloadApi {
  return {
    invoke(channel: string, payload: unknown) {
      if (!isInvokeChannel(channel) && !isMainInvokeChannel(channel)) return Promise.reject(new Error(`Unknown request channel "${String(channel)}".`))
      return ipc.invoke(channel, payload)
    },
    on(event, listener) {
      if (!isEventChannel(event)) throw new Error(`Unknown event channel "${String(event)}".`)
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
      const wrapped = (_event: IpcRendererEvent, payload: EventPayloads[typeof event]): void => listener(payload)
      ipc.on(event, wrapped)
      return () => {
        ipc.removeListener(event, wrapped)
      }
    },
  }
}

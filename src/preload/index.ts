import { contextBridge, ipcRenderer } from 'electron'
import { createPreloadApi } from './api'

/**
 * Sandboxed preload, bundled into one CommonJS file: imports only 'electron' and the zod-free channel
 * lists (src/shared/channels.ts). The page sees `window.api` and nothing else of Electron or Node.
 */
contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer))

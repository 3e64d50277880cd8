import type { PreloadApi } from '../shared/ipc-contract'

declare global {
  interface Window {
    /** The preload bridge (src/preload/index.ts): the renderer's only way to reach the main process. */
    api: PreloadApi
  }
}

export {}

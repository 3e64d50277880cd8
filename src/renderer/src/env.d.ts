/**
 * TEMPORARY: declares `window.api` until src/preload/index.d.ts exists (it declares the same property).
 * Delete this file once the preload declaration is in place.
 */
interface Window {
  api: import('../../shared/ipc-contract').PreloadApi
}

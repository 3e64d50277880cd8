import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * `electron-vite build --mode e2e` builds only the renderer, into out-e2e/renderer, for the browser bridge
 * (test/e2e/bridge.ts). That build keeps the test hooks guarded by `import.meta.env.MODE === 'e2e'` (the terminal as
 * `window.__ocssTerminal`); in every other build the guard is false and the bundler drops the hook.
 */
export const E2E_MODE = 'e2e'

export default defineConfig(({ mode }) => {
  const renderer = {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
      ...(mode === E2E_MODE ? { outDir: resolve(__dirname, 'out-e2e/renderer') } : {}),
    },
  }
  if (mode === E2E_MODE) return { renderer }
  return {
    main: {
      build: {
        // conf is ESM-only; bundle it into the CommonJS main bundle.
        externalizeDeps: { exclude: ['conf'] },
      },
    },
    preload: {
      build: {
        // A sandboxed preload must be a single CommonJS file.
        rollupOptions: { output: { format: 'cjs' } },
      },
    },
    renderer,
  }
})

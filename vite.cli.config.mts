import { defineConfig } from 'vite'

// Builds the headless CLI (and the benchmark) for plain Node from the same sources as the app.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { index: 'src/cli/index.ts', bench: 'src/cli/bench.ts' },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
  ssr: { noExternal: ['conf'] },
})

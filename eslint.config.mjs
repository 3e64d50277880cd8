// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import importX, { createNodeResolver } from 'eslint-plugin-import-x'
import globals from 'globals'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

/**
 * Flat config. Besides typescript-eslint's recommended rules it enforces the layering of
 * docs/architecture (section 8 "may import"), twice over:
 *  - `import-x/no-restricted-paths` zones: which src/ folder may import which (by resolved file path);
 *  - `no-restricted-imports`: `electron` and Node built-ins per folder, and raw `ipcMain` / `ipcRenderer`
 *    outside src/main/ipc.ts and src/preload/index.ts;
 *  - `no-restricted-syntax`: the same for `require('electron')`, `import('electron')` and `x.ipcMain`.
 * test/lint/boundaries.test.ts proves each rule fires.
 */

const ROOT = import.meta.dirname
const TS_FILES = ['**/*.{ts,tsx,mts,cts}']
const JS_FILES = ['**/*.{js,mjs,cjs}']
const TEST_FILES = ['**/*.test.{ts,tsx}', 'test/**/*.{ts,tsx}']

// ---------------------------------------------------------------------------------------------
// Package-level restrictions (no-restricted-imports / no-restricted-syntax)

const ELECTRON_MSG = 'Only src/main and src/preload may use Electron. Keep this code Electron-free (core, cli and the test bridge run it in plain Node).'
const NODE_MSG = 'This folder must not use Node built-ins (it runs in the browser/sandbox or must stay pure).'
const IPC_MSG = 'Raw ipcMain / ipcRenderer are allowed only in src/main/ipc.ts and src/preload/index.ts. Use the typed contract (src/shared/ipc-contract.ts).'

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'))

const electronPath = { name: 'electron', message: ELECTRON_MSG }
const ipcPath = { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: IPC_MSG }
const nodePaths = NODE_BUILTINS.map((name) => ({ name, message: NODE_MSG }))
const nodePattern = { regex: '^node:', message: NODE_MSG }
const ptyPath = { name: 'node-pty', message: 'Only src/core may drive terminals (node-pty); this folder stays pure.' }

/** no-restricted-imports options for one folder (rule options do not merge across config objects, so build them whole). */
function restrictedImports({ electron = false, node = false, ipc = false, pty = false }) {
  const paths = [...(electron ? [electronPath] : ipc ? [ipcPath] : []), ...(node ? nodePaths : []), ...(pty ? [ptyPath] : [])]
  const patterns = node ? [nodePattern] : []
  return ['error', { paths, patterns }]
}

const electronRequireSyntax = [
  { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: ELECTRON_MSG },
  { selector: "ImportExpression[source.value='electron']", message: ELECTRON_MSG },
]
const ipcMemberSyntax = [{ selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]', message: IPC_MSG }]

function restrictedSyntax({ electron = false, ipc = false }) {
  return ['error', ...(electron ? electronRequireSyntax : []), ...(ipc ? ipcMemberSyntax : [])]
}

// ---------------------------------------------------------------------------------------------
// Folder zones (import-x/no-restricted-paths). `from` = the folders the target may NOT import.

const zone = (target, from, message) => ({ target: `./src/${target}`, from: from.map((f) => `./src/${f}`), message })
const ZONES = [
  zone('shared', ['catalog', 'checklist', 'core', 'cli', 'main', 'preload', 'renderer'], 'src/shared is the bottom layer: it imports no other src/ folder.'),
  zone('catalog', ['checklist', 'core', 'cli', 'main', 'preload', 'renderer'], 'src/catalog may import only src/shared.'),
  zone('checklist', ['core', 'cli', 'main', 'preload', 'renderer'], 'src/checklist (the checklist model and report) may import only src/shared and src/catalog.'),
  zone('core', ['cli', 'main', 'preload', 'renderer'], 'src/core must not import main, preload, renderer or cli.'),
  zone('cli', ['main', 'preload', 'renderer'], 'src/cli must not import main, preload or renderer.'),
  zone('main', ['cli', 'preload', 'renderer'], 'src/main may import core, catalog, shared and electron only.'),
  zone('preload', ['catalog', 'checklist', 'core', 'cli', 'main', 'renderer'], 'src/preload may import only electron and src/shared.'),
  zone('renderer', ['catalog', 'checklist', 'core', 'cli', 'main'], 'src/renderer may import only src/shared (and src/preload/*.d.ts types); it reaches main through window.api.'),
  {
    target: './src/renderer',
    from: [`${ROOT}/src/preload/**`],
    except: [`${ROOT}/src/preload/*.d.ts`],
    message: 'src/renderer may use only the type declarations of src/preload (*.d.ts).',
  },
]

// Per-folder package policy: electron allowed? node built-ins allowed? raw IPC allowed?
const FOLDERS = {
  shared: { electron: true, node: true },
  catalog: { electron: true, node: true },
  checklist: { electron: true, node: true, pty: true },
  core: { electron: true },
  cli: { electron: true },
  renderer: { electron: true, node: true },
  preload: { node: true, ipc: true },
  main: { ipc: true },
}

export default defineConfig(
  { ignores: ['out/**', 'out-e2e/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.vite/**'] },

  js.configs.recommended,
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: c.files ?? TS_FILES })),

  {
    files: [...TS_FILES, ...JS_FILES],
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.mjs', '.cjs', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: ZONES }],
      // Nothing outside src/main and src/preload may require Electron (test/electron launches the binary, never requires it).
      'no-restricted-syntax': restrictedSyntax({ electron: true, ipc: true }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Input validation deliberately matches control characters (target-spec, terminal sanitising).
      'no-control-regex': 'off',
      // Stylistic; redundant escapes in regexes are harmless.
      'no-useless-escape': 'off',
    },
  },
  { files: JS_FILES, rules: { '@typescript-eslint/no-unused-vars': 'off', 'no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },

  // Package rules per src/ folder (source and its unit tests).
  ...Object.entries(FOLDERS).map(([folder, policy]) => ({
    files: [`src/${folder}/**/*.{ts,tsx,mts,cts,js,mjs}`],
    rules: {
      'no-restricted-imports': restrictedImports(policy),
      'no-restricted-syntax': restrictedSyntax({ electron: !!policy.electron, ipc: true }),
    },
  })),
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The two files that may touch raw IPC.
  {
    files: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-syntax': restrictedSyntax({ electron: false, ipc: false }),
    },
  },
  {
    files: ['src/preload/index.ts'],
    rules: { 'no-restricted-imports': restrictedImports({ node: true }) },
  },

  // Tests: vitest and Node built-ins (fixtures, temp dirs) are fine everywhere; folder zones and the Electron ban still hold.
  {
    files: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-syntax': restrictedSyntax({ electron: true, ipc: false }),
    },
  },
  ...['shared', 'catalog', 'checklist', 'core', 'cli', 'renderer'].map((folder) => ({
    files: [`src/${folder}/**/*.test.{ts,tsx}`],
    rules: { 'no-restricted-imports': restrictedImports({ electron: true, pty: folder === 'checklist' }) },
  })),
  {
    files: ['src/main/**/*.test.ts', 'src/preload/**/*.test.ts'],
    rules: { 'no-restricted-syntax': restrictedSyntax({ electron: false, ipc: false }) },
  },
  {
    files: TEST_FILES,
    languageOptions: { globals: { ...globals.node } },
  },
  // test/ and build scripts run in plain Node: importing 'electron' there would try to download the binary.
  {
    files: ['test/**/*.{ts,tsx,mts,mjs,js}', 'build/**/*.{mjs,js,cjs}', 'scripts/**/*.{mjs,js,cjs,ts}', '*.{ts,mts,mjs,js,cjs}'],
    rules: { 'no-restricted-imports': restrictedImports({ electron: true }) },
  },
)

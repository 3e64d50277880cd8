import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ESLint, type Linter } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * Proves the import boundaries in eslint.config.mjs fire: each snippet is linted as if it were a file
 * at the given path (the file need not exist; the imported files must, so the zone rule can resolve them).
 */
const ROOT = resolve(__dirname, '../..')
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax', 'import-x/no-restricted-paths'])
const eslint = new ESLint({ cwd: ROOT })

async function boundaryErrors(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  const messages = result?.messages ?? []
  const fatal = messages.filter((m) => m.fatal || m.ruleId === null)
  if (fatal.length > 0) throw new Error(`${file}: ${fatal.map((m) => m.message).join('; ')}`)
  return messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
}

type Forbidden = readonly [file: string, code: string, rule: string]
type Allowed = readonly [file: string, code: string]

const FORBIDDEN: readonly Forbidden[] = [
  ['src/catalog/x.lab.test.ts', "import { PtySession } from '../core/targets/pty-session'\nexport { PtySession }", 'import-x/no-restricted-paths'],
  // src/shared: nothing from other src folders, no electron, no Node built-ins.
  ['src/shared/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/shared/x.ts', "import { join } from 'node:path'", 'no-restricted-imports'],
  ['src/shared/x.ts', "import { readFileSync } from 'fs'", 'no-restricted-imports'],
  ['src/shared/x.ts', "import { AppError } from '../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/shared/x.ts', "import { STEPS } from '../catalog'", 'import-x/no-restricted-paths'],
  // src/catalog: only src/shared.
  ['src/catalog/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/catalog/x.ts', "import { readFileSync } from 'node:fs'", 'no-restricted-imports'],
  ['src/catalog/x.ts', "import { AppError } from '../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/catalog/x.ts', "import { registerIpc } from '../main/ipc'", 'import-x/no-restricted-paths'],
  // src/checklist: pure model and report; only src/shared and src/catalog; no electron, node-pty or Node built-ins.
  ['src/checklist/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/checklist/x.ts', "import { spawn } from 'node-pty'\nexport { spawn }", 'no-restricted-imports'],
  ['src/checklist/x.test.ts', "import { spawn } from 'node-pty'\nexport { spawn }", 'no-restricted-imports'],
  ['src/checklist/x.ts', "import { readFileSync } from 'node:fs'", 'no-restricted-imports'],
  ['src/checklist/x.ts', "import { AppError } from '../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/checklist/x.ts', "import { PtySession } from '../core/targets/pty-session'\nexport { PtySession }", 'import-x/no-restricted-paths'],
  ['src/checklist/x.ts', "import * as args from '../cli/args'", 'import-x/no-restricted-paths'],
  ['src/checklist/x.ts', "import { registerIpc } from '../main/ipc'", 'import-x/no-restricted-paths'],
  ['src/checklist/x.test.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/shared/x.ts', "import { CHECKLIST_ITEMS } from '../checklist/items'", 'import-x/no-restricted-paths'],
  ['src/catalog/x.ts', "import { CHECKLIST_ITEMS } from '../checklist/items'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.ts', "import { CHECKLIST_ITEMS } from '../../checklist/items'", 'import-x/no-restricted-paths'],
  // src/core: never electron, main, preload, renderer (or cli).
  ['src/core/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/core/x.ts', "import type { BrowserWindow } from 'electron'", 'no-restricted-imports'],
  ['src/core/x.ts', "const { app } = require('electron')", 'no-restricted-syntax'],
  ['src/core/x.ts', "const electron = await import('electron')", 'no-restricted-syntax'],
  ['src/core/x.ts', "import { createMainWindow } from '../main/window'", 'import-x/no-restricted-paths'],
  ['src/core/x.ts', "import { createPreloadApi } from '../preload/api'", 'import-x/no-restricted-paths'],
  ['src/core/x.ts', "import { invoke } from '../renderer/src/api'", 'import-x/no-restricted-paths'],
  ['src/core/x.ts', "import * as args from '../cli/args'", 'import-x/no-restricted-paths'],
  // src/cli: never electron, main, preload, renderer.
  ['src/cli/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/cli/x.ts', "import { registerIpc } from '../main/ipc'", 'import-x/no-restricted-paths'],
  ['src/cli/x.ts', "import { createPreloadApi } from '../preload/api'", 'import-x/no-restricted-paths'],
  ['src/cli/x.ts', "import { invoke } from '../renderer/src/api'", 'import-x/no-restricted-paths'],
  // src/renderer: never electron, Node, main, core, catalog, cli, preload code.
  ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'", 'no-restricted-imports'],
  ['src/renderer/src/x.ts', "import { readFileSync } from 'node:fs'", 'no-restricted-imports'],
  ['src/renderer/src/x.ts', "import { join } from 'path'", 'no-restricted-imports'],
  ['src/renderer/src/x.ts', "import { spawn } from 'child_process'", 'no-restricted-imports'],
  ['src/renderer/src/x.ts', "const e = require('electron')", 'no-restricted-syntax'],
  ['src/renderer/src/x.ts', "import { createMainWindow } from '../../main/window'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.ts', "import { AppError } from '../../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.ts', "import { STEPS } from '../../catalog'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.ts', "import * as args from '../../cli/args'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.ts', "import { createPreloadApi } from '../../preload/api'", 'import-x/no-restricted-paths'],
  // src/preload: only electron + src/shared; no Node; raw ipcRenderer only in index.ts.
  ['src/preload/x.ts', "import { registerIpc } from '../main/ipc'", 'import-x/no-restricted-paths'],
  ['src/preload/x.ts', "import { AppError } from '../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/preload/x.ts', "import { STEPS } from '../catalog'", 'import-x/no-restricted-paths'],
  ['src/preload/x.ts', "import { invoke } from '../renderer/src/api'", 'import-x/no-restricted-paths'],
  ['src/preload/x.ts', "import { readFileSync } from 'node:fs'", 'no-restricted-imports'],
  ['src/preload/index.ts', "import { readFileSync } from 'node:fs'", 'no-restricted-imports'],
  ['src/preload/x.ts', "import { ipcRenderer } from 'electron'", 'no-restricted-imports'],
  // src/main: not preload, renderer, cli; raw ipcMain only in ipc.ts.
  ['src/main/x.ts', "import { createPreloadApi } from '../preload/api'", 'import-x/no-restricted-paths'],
  ['src/main/x.ts', "import { invoke } from '../renderer/src/api'", 'import-x/no-restricted-paths'],
  ['src/main/x.ts', "import * as args from '../cli/args'", 'import-x/no-restricted-paths'],
  ['src/main/window.ts', "import { ipcMain } from 'electron'", 'no-restricted-imports'],
  ['src/main/x.ts', "import * as electron from 'electron'\nelectron.ipcMain.handle('x', () => 1)", 'no-restricted-syntax'],
  // test/ runs in plain Node: importing electron there would try to download the binary.
  ['test/e2e/x.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  // Tests keep their folder's boundaries.
  ['src/core/x.test.ts', "import { app } from 'electron'", 'no-restricted-imports'],
  ['src/catalog/x.test.ts', "import { AppError } from '../core/app-error'", 'import-x/no-restricted-paths'],
  ['src/renderer/src/x.test.ts', "import { createMainWindow } from '../../main/window'", 'import-x/no-restricted-paths'],
]

const ALLOWED: readonly Allowed[] = [
  ['src/shared/x.ts', "import { z } from 'zod'\nimport { STEP_ID_PATTERN } from './step'\nexport { z, STEP_ID_PATTERN }"],
  ['src/catalog/x.ts', "import type { StepMeta } from '../shared/step'\nexport type { StepMeta }"],
  ['src/checklist/x.ts', "import type { CheckRecord } from '../shared/step'\nimport { STEPS } from '../catalog'\nexport { STEPS }\nexport type { CheckRecord }"],
  ['src/core/x.ts', "import { CHECKLIST_ITEMS } from '../checklist/items'\nexport { CHECKLIST_ITEMS }"],
  ['src/cli/x.ts', "import { renderReport } from '../checklist/report/render'\nexport { renderReport }"],
  ['src/core/x.ts', "import { readFileSync } from 'node:fs'\nimport { STEPS } from '../catalog'\nimport type { Envelope } from '../shared/result'\nexport { readFileSync, STEPS }\nexport type { Envelope }"],
  ['src/cli/x.ts', "import { AppService } from '../core/service/app-service'\nimport { join } from 'node:path'\nexport { AppService, join }"],
  ['src/renderer/src/x.ts', "import type { Envelope } from '../../shared/result'\nimport type {} from '../../preload/index.d'\nimport { useState } from 'react'\nexport { useState }\nexport type { Envelope }"],
  ['src/preload/x.ts', "import { contextBridge } from 'electron'\nimport { INVOKE_CHANNELS } from '../shared/channels'\nexport { contextBridge, INVOKE_CHANNELS }"],
  ['src/preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron'\nexport { contextBridge, ipcRenderer }"],
  ['src/main/x.ts', "import { app, BrowserWindow } from 'electron'\nimport { AppService } from '../core/service/app-service'\nimport { STEPS } from '../catalog'\nimport type { Envelope } from '../shared/result'\nexport { app, BrowserWindow, AppService, STEPS }\nexport type { Envelope }"],
  ['src/main/ipc.ts', "import { ipcMain } from 'electron'\nipcMain.removeHandler('x')"],
  ['src/core/x.test.ts', "import { mkdtempSync } from 'node:fs'\nimport { describe } from 'vitest'\nexport { mkdtempSync, describe }"],
  ['src/shared/x.test.ts', "import { readFileSync } from 'node:fs'\nexport { readFileSync }"],
  ['src/main/x.test.ts', "import { vi } from 'vitest'\nvi.mock('electron')"],
]

describe('ESLint import boundaries', () => {
  // ESLint loads its config, typescript-eslint's parser and the import resolver on the first lintText. That one-time
  // cost (seconds on a loaded 2-core machine) used to land in whichever case ran first and made it time out; it is
  // paid here, once, so each case measures only its own lint.
  beforeAll(async () => {
    await eslint.lintText('export {}\n', { filePath: join(ROOT, 'src/shared/warm-up.ts') })
  }, 120_000)

  it('the imported files exist (so path zones can resolve them)', () => {
    for (const file of ['src/main/window.ts', 'src/main/ipc.ts', 'src/preload/api.ts', 'src/renderer/src/api.ts', 'src/cli/args.ts', 'src/core/app-error.ts', 'src/catalog/index.ts', 'src/core/targets/pty-session.ts', 'src/checklist/items.ts', 'src/checklist/report/render.ts']) {
      expect(existsSync(join(ROOT, file)), file).toBe(true)
    }
  })

  it.each(FORBIDDEN)('%s: %s → %s', async (file, code, rule) => {
    const errors = await boundaryErrors(file, code)
    expect(errors.map((m) => m.ruleId)).toContain(rule)
    expect(errors.every((m) => m.severity === 2)).toBe(true)
  })

  it.each(ALLOWED)('%s may: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([])
  })
})

import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ElectronApplication, Page } from 'playwright-core'

/**
 * Runs the built app in the real Electron runtime. CI cannot download Electron (installed with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1), so this file skips there with the reason printed.
 * Do not probe with require('electron'): in 45.x that tries a lazy download first.
 */
const root = resolve(__dirname, '../..')
const electronPkg = join(root, 'node_modules/electron')

function electronBinary(): { path: string | null; reason: string } {
  const pathFile = join(electronPkg, 'path.txt')
  if (!existsSync(join(electronPkg, 'dist')) || !existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary is not installed (node_modules/electron/dist missing; installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' }
  }
  const exe = join(electronPkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(exe)) return { path: null, reason: `the Electron executable ${exe} is missing` }
  if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
    return { path: null, reason: 'the app is not built (run `npx electron-vite build` first)' }
  }
  return { path: exe, reason: '' }
}

/** What the tests read in the page (this tsconfig has no DOM lib; evaluate() callbacks run in the page). */
interface PageGlobals {
  api: { invoke(channel: string, payload: unknown): Promise<{ ok: boolean }>; on: unknown }
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null }
  open(url: string): unknown
  require?: unknown
  process?: unknown
  module?: unknown
}

const electron = electronBinary()
const hasElectron = electron.path !== null
if (!hasElectron) console.log(`[app.electron.test] SKIPPED: ${electron.reason}`)

describe.skipIf(!hasElectron)('packaged window in real Electron', () => {
  let app: ElectronApplication
  let page: Page

  beforeAll(async () => {
    const { _electron } = await import('playwright-core')
    app = await _electron.launch({
      executablePath: electron.path ?? undefined,
      args: [root],
      cwd: root,
      env: { ...process.env, ELECTRON_RENDERER_URL: '' },
    })
    page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
  }, 60_000)

  afterAll(async () => {
    await app?.close()
  })

  it('loads the renderer from app://ocss/', () => {
    expect(page.url()).toMatch(/^app:\/\/ocss\//)
  })

  it('exposes window.api with invoke and on only', async () => {
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).api).sort())
    expect(keys).toEqual(['invoke', 'on'])
  })

  it('gives the page no Node: require and process are undefined', async () => {
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).process)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).module)).toBe('undefined')
  })

  it('has the CSP meta tag and the CSP response header', async () => {
    const meta = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null)
    expect(meta).toContain("script-src 'self'")
    const header = await page.evaluate(async () => (await fetch('app://ocss/index.html')).headers.get('content-security-policy'))
    expect(header).toContain("default-src 'self'")
  })

  it('answers a contract call and refuses an unknown channel', async () => {
    const state = await page.evaluate(() => (globalThis as unknown as PageGlobals).api.invoke('app:state', {}))
    expect(state.ok).toBe(true)
    const refused = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).api.invoke('shell:exec', {}).then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    )
    expect(refused).toMatch(/Unknown request channel/)
  })

  it('blocks window.open and traversal out of the renderer folder', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com') === null)).toBe(true)
    const status = await page.evaluate(async () => (await fetch('app://ocss/%2e%2e/main/index.js')).status)
    expect(status).toBeGreaterThanOrEqual(400)
  })
})

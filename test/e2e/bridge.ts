import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { chromium, type Browser, type Page } from 'playwright-core'
import { AppService } from '../../src/core/service/app-service'
import { EVENT_CHANNELS, INVOKE_CHANNELS, MAIN_INVOKE_CHANNELS } from '../../src/shared/ipc-contract'
import { writeClipboard } from '../../src/main/clipboard'
import { checkForUpdates } from '../../src/main/update-check'
import { serveRenderer } from './static-server'
import { createUserWorld, type UserWorld } from '../helpers/user-world'

export const ROOT = resolve(__dirname, '../..')
export const RESULTS = join(ROOT, 'test-results')

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * The browser bridge: the built renderer in Debian's Chromium, with `window.api` wired to the real
 * main-process services (AppService) running in this Node process. Only Electron's own
 * main/preload wiring is replaced (it cannot run here); the shim has the preload's exact shape.
 */
export interface Bridge {
  readonly page: Page
  /** The person's HOME (spaces, an apostrophe, non-ASCII letters) and the app's default data folder under it. */
  readonly world: UserWorld
  /** world.dataDir: the app's data folder, as Electron's userData is for that person */
  readonly dataDir: string
  /** Where report:export writes (the save dialog's stand-in: Electron's dialog cannot run here). */
  readonly exportsDir: string
  /** Every text clipboard:write put on the clipboard, in order (main's handler with a recorder for Electron's clipboard). */
  readonly clipboard: readonly string[]
  service(): AppService
  /** Simulates closing and reopening the app: new services on the same data folder, page reloaded. */
  reopen(): Promise<void>
  screenshot(name: string): Promise<string>
  terminalText(): Promise<string>
  close(): Promise<void>
}

/** The renderer built for the bridge: `electron-vite build --mode e2e` (the production bundle has no test hooks). */
export const E2E_RENDERER = join(ROOT, 'out-e2e/renderer')

/** Builds the bridge's renderer (test/e2e/global-setup.ts does it once per run). */
export function buildE2eRenderer(): string {
  const r = spawnSync('npx', ['electron-vite', 'build', '--mode', 'e2e'], { cwd: ROOT, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`electron-vite build --mode e2e failed:\n${r.stdout}\n${r.stderr}`)
  return E2E_RENDERER
}

export function ensureRendererBuilt(): string {
  return existsSync(join(E2E_RENDERER, 'index.html')) ? E2E_RENDERER : buildE2eRenderer()
}

/**
 * The services use the app's default data folder under `opts.world`'s HOME, else under a fresh user world's
 * (test/helpers/user-world.ts; removed by close()).
 */
export async function startBridge(
  opts: {
    wslExe?: string
    reconnectDelays?: readonly number[]
    sshBinary?: string
    world?: UserWorld
    testJobParams?: Readonly<Record<string, string>>
    /** updates:check against a loopback release feed, as a packaged build of `current` (default: a closed port) */
    updateFeed?: { readonly apiRoot: string; readonly current: string; readonly mode?: 'auto' | 'notify' }
  } = {},
): Promise<Bridge> {
  const server = await serveRenderer(ensureRendererBuilt())
  const world = opts.world ?? createUserWorld()
  const dataDir = world.dataDir
  const exportsDir = mkdtempSync(join(tmpdir(), 'ocss-e2e-exports-'))
  mkdirSync(RESULTS, { recursive: true })
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const consoleErrors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })

  // Events are delivered in order, one page.evaluate at a time.
  let queue: Promise<unknown> = Promise.resolve()
  // A closed (disposed) service's late events never reach the reopened window, as with a real app restart.
  let generation = 0
  const makeService = () => {
    const mine = ++generation
    return new AppService({
      dataDir,
      ...(opts.wslExe ? { wslExe: opts.wslExe } : {}),
      ...(opts.reconnectDelays ? { reconnectDelays: opts.reconnectDelays } : {}),
      ...(opts.sshBinary ? { sshBinary: opts.sshBinary } : {}),
      // TESTS ONLY: e.g. the lab mirror's Node tarball hash (AppService.testJobParams; Electron's main never sets it).
      ...(opts.testJobParams ? { testJobParams: opts.testJobParams } : {}),
      saveFile: async ({ defaultName, content }) => {
        const path = join(exportsDir, defaultName)
        writeFileSync(path, content, { mode: 0o600 })
        return path
      },
      emit: (event, payload) => {
        if (mine !== generation) return
        queue = queue.then(() => page.evaluate(([e, p]) => (globalThis as unknown as { __ocssEmit: (e: string, p: unknown) => void }).__ocssEmit(e, p), [event, payload] as const)).catch(() => undefined)
      },
    })
  }
  let svc = makeService()
  const clipboard: string[] = []
  const recorder = { writeText: (text: string) => void clipboard.push(text) }
  // The update check never leaves loopback: without a stand-in feed it reads a closed port (discard, 9).
  const feed = opts.updateFeed ?? { apiRoot: 'http://127.0.0.1:9', current: '0.1.0' }
  // Main's own channels run main's handlers (src/main/clipboard.ts, update-check.ts); the rest go to the service, as in registerIpc.
  await page.exposeFunction('__ocssInvoke', (channel: string, payload: unknown) =>
    channel === 'clipboard:write'
      ? writeClipboard(recorder, payload)
      : channel === 'updates:check'
        ? checkForUpdates({ current: feed.current, mode: feed.mode ?? 'notify', fetch: globalThis.fetch, apiRoot: feed.apiRoot, timeoutMs: 5000 }, payload)
        : svc.handle(channel as never, payload),
  )
  await page.addInitScript(
    ({ invokeChannels, eventChannels }) => {
      const listeners = new Map<string, Set<(p: unknown) => void>>()
      const w = globalThis as unknown as Record<string, unknown>
      w.__ocssEmit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload))
      const invoke = w.__ocssInvoke as (c: string, p: unknown) => Promise<unknown>
      w.api = Object.freeze({
        invoke: (channel: string, payload: unknown) => (invokeChannels.includes(channel) ? invoke(channel, payload) : Promise.reject(new Error(`Unknown channel ${channel}`))),
        on: (event: string, listener: (p: unknown) => void) => {
          if (!eventChannels.includes(event)) throw new Error(`Unknown event ${event}`)
          const set = listeners.get(event) ?? new Set()
          set.add(listener)
          listeners.set(event, set)
          return () => set.delete(listener)
        },
      })
    },
    { invokeChannels: [...INVOKE_CHANNELS, ...MAIN_INVOKE_CHANNELS] as string[], eventChannels: [...EVENT_CHANNELS] as string[] },
  )
  await page.goto(server.url)

  return {
    page,
    world,
    dataDir,
    exportsDir,
    clipboard,
    service: () => svc,
    async reopen() {
      await svc.dispose()
      svc = makeService()
      await page.reload()
    },
    async screenshot(name) {
      const path = join(RESULTS, `${name}.png`)
      await page.screenshot({ path })
      return path
    },
    async terminalText() {
      return page.evaluate(() => {
        const term = (globalThis as unknown as { __ocssTerminal?: { buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } } }).__ocssTerminal
        // Without the hook every "does not contain" assertion would pass on an empty string.
        if (!term) throw new Error('window.__ocssTerminal is missing: the page is not the e2e build (electron-vite build --mode e2e).')
        const b = term.buffer.active
        const lines: string[] = []
        for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '')
        return lines.join('\n')
      })
    },
    async close() {
      await svc.dispose()
      await browser.close()
      await server.close()
      if (!opts.world) world.cleanup()
      if (consoleErrors.length) console.log(`browser console errors:\n${consoleErrors.join('\n')}`)
    },
  }
}

import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { BrowserWindow } from 'electron'
import * as pty from 'node-pty'
import { program } from '../core/targets/program-path'
import { runSmokeTest, type SmokeResult, type WindowProbe } from './smoke-test'

/** The electron and node-pty half of `--smoke-test` (smoke-test.ts holds the checks). */

const PTY_TIMEOUT_MS = 20_000
const LOAD_TIMEOUT_MS = 60_000

// Runs in the page (the main world, where the preload exposes window.api); it changes nothing.
const PROBE_SCRIPT = `(async () => {
  const api = window.api
  const apiMethods = api ? Object.keys(api).filter((k) => typeof api[k] === 'function') : []
  let ipcAnswered = false
  try { const s = await api.invoke('app:state', {}); ipcAnswered = s !== null && typeof s === 'object' } catch (e) { ipcAnswered = false }
  for (let i = 0; i < 50 && !(document.getElementById('root')?.childElementCount > 0); i++) await new Promise((r) => setTimeout(r, 100))
  return { apiMethods, ipcAnswered, url: location.href, rendered: (document.getElementById('root')?.childElementCount ?? 0) > 0 }
})()`

function loaded(win: BrowserWindow): Promise<void> {
  const wc = win.webContents
  if (!wc.isLoading()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the window did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS)
    wc.once('did-finish-load', () => { clearTimeout(timer); resolve() })
    wc.once('did-fail-load', (_e, code, description) => { clearTimeout(timer); reject(new Error(`the window failed to load: ${description} (${code})`)) })
  })
}

export async function probeWindow(win: BrowserWindow): Promise<WindowProbe> {
  await loaded(win)
  return (await win.webContents.executeJavaScript(PROBE_SCRIPT, true)) as WindowProbe
}

export function runInPty(file: string, args: readonly string[]): Promise<{ output: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    let output = ''
    const p = pty.spawn(file, [...args], { name: 'xterm-256color', cols: 80, rows: 24, cwd: tmpdir(), env: { ...process.env } as Record<string, string> })
    const timer = setTimeout(() => { p.kill(); reject(new Error(`${file} did not exit within ${PTY_TIMEOUT_MS / 1000} s`)) }, PTY_TIMEOUT_MS)
    p.onData((d) => { output += d })
    p.onExit(({ exitCode }) => { clearTimeout(timer); setTimeout(() => resolve({ output, exitCode }), 100) })
  })
}

/** Runs the checks against the real window, writes the result file, and returns the exit code to quit with. */
export async function runSmoke(win: BrowserWindow, resultFile: string, version: string): Promise<number> {
  let result: SmokeResult
  try {
    result = await runSmokeTest({
      platform: process.platform,
      env: process.env,
      version,
      resolve: program,
      runInPty,
      probeWindow: () => probeWindow(win),
      nonce: `ocss-smoke-${randomBytes(6).toString('hex')}`,
    })
  } catch (e) {
    result = { ok: false, version, platform: process.platform, checks: [{ name: 'smoke test', ok: false, detail: e instanceof Error ? e.message : String(e) }] }
  }
  writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`)
  return result.ok ? 0 : 1
}

import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** The Electronegativity gate (scripts/electronegativity.mjs) really scans, and really fails. */
const ROOT = resolve(__dirname, '../..')
const SCRIPT = join(ROOT, 'scripts/electronegativity.mjs')
const work = mkdtempSync(join(tmpdir(), 'ocss-eneg-test-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function gate(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd: ROOT, timeout: 200_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
      done({ code, out: `${stdout}\n${stderr}` })
    })
  })
}

const window = (contextIsolation: boolean) => `import { BrowserWindow } from 'electron'
export function open(preload: string): BrowserWindow {
  return new BrowserWindow({
    webPreferences: { preload, sandbox: true, contextIsolation: ${contextIsolation}, nodeIntegration: false, webviewTag: false },
  })
}
`

describe('Electronegativity gate', () => {
  it('fails on a window with contextIsolation: false, and leaves test files out of the scan', async () => {
    const src = join(work, 'insecure')
    mkdirSync(join(src, 'main'), { recursive: true })
    writeFileSync(join(src, 'main/window.ts'), window(false))
    writeFileSync(join(src, 'main/other.test.ts'), window(false))
    const docs = join(work, 'empty.md')
    writeFileSync(docs, '# nothing reviewed\n')
    const { code, out } = await gate('--input', src, '--docs', docs)
    expect(code, out).toBe(1)
    expect(out).toMatch(/HIGH\s+FIRM\s+CONTEXT_ISOLATION_JS_CHECK\s+main\/window\.ts:4:/)
    expect(out).toMatch(/CONTEXT_ISOLATION_JS_CHECK \(HIGH\) at main\/window\.ts:4:\d+/)
    expect(out).not.toContain('other.test.ts')
  }, 240_000)

  it('passes over src/ with the verdicts of docs/electron-security.md, and fails when a MEDIUM finding has none', async () => {
    const pass = await gate()
    expect(pass.code, pass.out).toBe(0)
    expect(pass.out).toContain('Electronegativity gate passed')
    expect(pass.out).not.toMatch(/^\s+HIGH /m)

    const docs = join(work, 'no-verdicts.md')
    writeFileSync(docs, '# no verdicts\n')
    const fail = await gate('--docs', docs)
    expect(fail.code, fail.out).toBe(1)
    expect(fail.out).toMatch(/OPEN_EXTERNAL_JS_CHECK \(MEDIUM\) at main\/window\.ts:\d+:\d+ has no verdict/)
  }, 240_000)
})

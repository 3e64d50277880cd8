import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { E2E_RENDERER, ROOT } from './bridge'

/** The test hooks exist only in the bridge's build (electron-vite build --mode e2e), never in what ships. */
function bundle(dir: string): string {
  const assets = join(dir, 'assets')
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n')
}

describe('renderer test hooks', () => {
  it('the production bundle (out/renderer) has no window.__ocssTerminal; the e2e bundle has it', () => {
    const production = join(ROOT, 'out/renderer')
    if (!existsSync(join(production, 'index.html'))) {
      const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' })
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
    }
    const shipped = bundle(production)
    // The terminal code itself is there (so the grep looks at the right bundle) …
    expect(shipped).toContain('paste refused')
    // … but not the hook that hands the xterm instance to any script in the page.
    expect(shipped).not.toContain('__ocssTerminal')
    expect(bundle(E2E_RENDERER)).toContain('window.__ocssTerminal = this.term')
  })
})

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateLockdown, wslConfLockdown } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateLockdown({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('wsl-conf-lockdown check', () => {
  it('names what is still open, and a pending restart', () => {
    expect(read('fresh-lab.fail.txt').summary).toMatch(/\[interop\] enabled is unset \(default true\)/)
    expect(read('path-still-appended.fail.txt').summary).toBe('Not locked down: [interop] appendWindowsPath is true.')
    expect(read('restart-pending.fail.txt').summary).toMatch(/^Configured, restart pending/)
    expect(read('stock-wsl.fail.txt').evidence).toContain('Windows drives mounted: /mnt/c /mnt/d')
  })

  it('reports garbage output as an error', () => {
    expect(evaluateLockdown({ exitCode: 0, stdout: 'oops\n' }).status).toBe('error')
  })

  it('the "why" explains each setting and what it breaks', () => {
    const why = wslConfLockdown.meta.rationale
    for (const s of ['[interop] enabled=false', '[interop] appendWindowsPath=false', '[automount] enabled=false']) expect(why).toContain(s)
    for (const broken of ['.exe', '`code .`', '/mnt/c', 'Windows tools']) expect(why).toContain(broken)
    expect(wslConfLockdown.meta.targets).toEqual(['wsl'])
    expect(wslConfLockdown.meta.effects).toEqual(['restart-wsl-distro'])
  })

  it('scripts are valid bash with the INI helpers written in', () => {
    for (const script of Object.values(wslConfLockdown.scripts)) {
      expect(script).toContain('ocss_ini_set() {')
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
  })
})

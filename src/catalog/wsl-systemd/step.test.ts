import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateSystemd, wslSystemd } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateSystemd({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('wsl-systemd check', () => {
  it('tells "off", "configured, restart pending" and "active" apart', () => {
    expect(read('off.fail.txt').summary).toMatch(/^Off:/)
    expect(read('restart-pending.fail.txt').summary).toMatch(/^Configured, restart pending: .*PID 1 is still "bash"/)
    expect(read('active.pass.txt').summary).toMatch(/^Active:/)
    expect(read('active-no-user-manager.fail.txt').summary).toMatch(/no user manager/)
  })

  it('reports garbage output as an error, not a pass', () => {
    expect(evaluateSystemd({ exitCode: 1, stdout: 'bash: awk: command not found\n' }).status).toBe('error')
  })

  it('metadata: WSL only, restarts the distribution, says so', () => {
    expect(__dirname.endsWith(wslSystemd.meta.id)).toBe(true)
    expect(wslSystemd.meta.targets).toEqual(['wsl'])
    expect(wslSystemd.meta.effects).toEqual(['restart-wsl-distro'])
    expect(wslSystemd.meta.warnings.join(' ')).toMatch(/restarts/)
  })

  it('scripts carry the helpers verbatim and are valid bash', () => {
    const lib = readFileSync(join(__dirname, '../lib/wsl-conf.sh'), 'utf8')
    const bus = readFileSync(join(__dirname, '../lib/user-bus.sh'), 'utf8')
    for (const script of Object.values(wslSystemd.scripts)) {
      expect(script).toContain(lib)
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
    expect(wslSystemd.scripts.check).toContain(bus)
  })
})

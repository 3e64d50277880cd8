import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateUfw, ufwFirewall } from './step'

const dir = join(__dirname, 'fixtures')

describe('ufw-firewall check', () => {
  it('names the lock-out risk when the SSH port is not allowed', () => {
    const v = evaluateUfw({ exitCode: 0, stdout: readFileSync(join(dir, 'ssh-port-not-allowed.fail.txt'), 'utf8') })
    expect(v.summary).toMatch(/port 2222\/tcp/)
    expect(v.summary).toMatch(/lock out/)
  })

  it('quotes the real status and rule lines as evidence', () => {
    const v = evaluateUfw({ exitCode: 0, stdout: readFileSync(join(dir, 'active-ssh-2222.pass.txt'), 'utf8') })
    expect(v.evidence).toContain('Status: active')
    expect(v.evidence.some((l) => l.startsWith('2222/tcp') && l.includes('ALLOW IN'))).toBe(true)
  })

  it('does not accept an allow rule for a different port that merely starts with the same digits', () => {
    const out = readFileSync(join(dir, 'active-ssh-2222.pass.txt'), 'utf8').replace(/2222\/tcp/g, '22220/tcp')
    expect(evaluateUfw({ exitCode: 0, stdout: out }).status).toBe('fail')
  })

  it('reports a failing `ufw status` as an error, not a pass', () => {
    const out = readFileSync(join(dir, 'active-ssh-2222.pass.txt'), 'utf8').replace('### ufw-exit\n0', '### ufw-exit\n1')
    expect(evaluateUfw({ exitCode: 0, stdout: out })).toMatchObject({ status: 'error', summary: 'ufw status failed with exit code 1.' })
  })

  it('reports garbage output as an error, not a pass', () => {
    expect(evaluateUfw({ exitCode: 1, stdout: 'sudo: a password is required\n' }).status).toBe('error')
  })

  it('metadata: lives in the folder named after its id, applies to both targets, warns about lock-out', () => {
    expect(__dirname.endsWith(ufwFirewall.meta.id)).toBe(true)
    expect(ufwFirewall.meta.targets).toEqual(['ssh', 'wsl'])
    expect(ufwFirewall.meta.warnings.join(' ')).toMatch(/lock you out/)
  })

  it('apply allows SSH before it enables the firewall', () => {
    const s = ufwFirewall.scripts.apply
    expect(s.indexOf('ufw allow "$port/tcp"')).toBeGreaterThan(0)
    expect(s.indexOf('ufw allow "$port/tcp"')).toBeLessThan(s.indexOf('ufw --force enable'))
  })
})

describe('ufw-firewall scripts as they run', () => {
  it('carry the SSH port finder verbatim and are valid bash', async () => {
    const { spawnSync } = await import('node:child_process')
    const { readFileSync: read } = await import('node:fs')
    const finder = read(join(__dirname, 'ssh-ports.sh'), 'utf8')
    for (const script of [ufwFirewall.scripts.apply, ufwFirewall.scripts.check]) {
      expect(script).toContain(finder)
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
  })
})

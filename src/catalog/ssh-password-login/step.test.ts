import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluatePasswordLogin, sshPasswordLogin } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => readFileSync(join(dir, f), 'utf8')

describe('ssh-password-login check', () => {
  it('quotes sshd -T lines and names the setting that lets passwords in', () => {
    const v = evaluatePasswordLogin({ exitCode: 0, stdout: read('password-on.fail.txt') })
    expect(v.summary).toMatch(/PasswordAuthentication yes/)
    expect(v.evidence).toContain('passwordauthentication yes')
    const k = evaluatePasswordLogin({ exitCode: 0, stdout: read('kbd-interactive-on.fail.txt') })
    expect(k.summary).toMatch(/KbdInteractiveAuthentication yes/)
  })

  it('warns about a Match block that turns passwords back on', () => {
    const v = evaluatePasswordLogin({ exitCode: 0, stdout: read('match-block-warning.pass.txt') })
    expect(v.summary).toMatch(/Match block/)
    expect(v.evidence.some((l) => l.startsWith('warning:') && l.includes('Match Address 10.0.0.0/8'))).toBe(true)
    expect(evaluatePasswordLogin({ exitCode: 0, stdout: read('dropin-applied.pass.txt') }).summary).not.toMatch(/Match/)
  })

  it('is an error, not a pass, when sshd -T fails (broken configuration)', () => {
    const v = evaluatePasswordLogin({ exitCode: 0, stdout: read('sshd-config-broken.txt') })
    expect(v.status).toBe('error')
    expect(v.evidence.join('\n')).toMatch(/Bad configuration option: Bogus/)
  })

  it('is an error when the output is unusable or sshd is missing', () => {
    expect(evaluatePasswordLogin({ exitCode: 0, stdout: 'garbage' }).status).toBe('error')
    expect(evaluatePasswordLogin({ exitCode: 0, stdout: '### sshd-missing\n' }).status).toBe('error')
  })

  it('asks for the SSH lock-out guard, applies to SSH only, and writes the reload function into its scripts', () => {
    expect(sshPasswordLogin.meta.effects).toEqual(['ssh-lockout-guard'])
    expect(sshPasswordLogin.meta.targets).toEqual(['ssh'])
    for (const s of [sshPasswordLogin.scripts.apply, sshPasswordLogin.scripts.undo]) {
      expect(s).toContain('ocss_reload_sshd() {')
      expect(s).not.toContain('# @include')
    }
    expect(sshPasswordLogin.scripts.apply).toContain('/etc/ssh/sshd_config.d/00-openclaw-secure-setup.conf')
  })
})

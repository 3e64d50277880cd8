import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateService, gatewayService } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateService({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('gateway-service check', () => {
  it('passes an enabled, active unit with linger on, and shows the listeners', () => {
    const v = read('running.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'The gateway runs as an enabled user service of openclaw, with linger on.' })
    expect(v.evidence).toContain('openclaw-gateway.service: enabled, active')
    expect(v.evidence).toContain('linger for openclaw: on')
    expect(v.evidence).toContain('listening: 127.0.0.1:18789 [::1]:18789')
  })

  it('fails each missing part with what to do', () => {
    expect(read('no-systemd.fail.txt').summary).toMatch(/^No service manager: PID 1 is "bash"/)
    expect(read('linger-off.fail.txt').summary).toMatch(/^Linger is off for openclaw/)
    expect(read('not-installed.fail.txt').summary).toMatch(/not installed/)
    expect(read('disabled.fail.txt').summary).toMatch(/is disabled, not enabled/)
    expect(read('failed.fail.txt').summary).toMatch(/enabled but failed, not running/)
  })

  it('garbage is an error, never a pass', () => {
    expect(evaluateService({ exitCode: 127, stdout: 'bash: ss: command not found' }).status).toBe('error')
  })

  it('metadata: needs onboarding, and systemd on WSL', () => {
    expect(__dirname.endsWith(gatewayService.meta.id)).toBe(true)
    expect(gatewayService.meta.actor).toBe('openclaw')
    expect(gatewayService.meta.requires).toEqual([
      { step: 'openclaw-onboard', why: 'OpenClaw must be onboarded first.' },
      { step: 'wsl-systemd', on: ['wsl'], why: 'systemd must run in the WSL distribution first.' },
    ])
  })

  it('scripts: valid bash, ShellCheck-clean; linger before install, install as the account', () => {
    for (const [name, script] of Object.entries(gatewayService.scripts)) {
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status, name).toBe(0)
      expect(spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' }).stdout, name).toBe('')
    }
    const apply = gatewayService.scripts.apply
    expect(apply.indexOf('loginctl enable-linger')).toBeLessThan(apply.indexOf('ocss_oc gateway install --json'))
    expect(apply.indexOf('ocss_require_user_bus "$user"')).toBeLessThan(apply.indexOf('ocss_oc gateway install --json'))
  })
})

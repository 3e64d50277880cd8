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

  it('judges the shared OpenClaw facts: the check is one ocss_oc_facts read, no systemctl or ss of its own', () => {
    const check = readFileSync(join(__dirname, 'check.sh'), 'utf8')
    expect(check.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"', 'ocss_oc_facts'])
    expect(check).not.toMatch(/^[^#]*(systemctl|\bss )/m)
    // The facts ask the system's systemctl (never one on the account's PATH), as the account.
    expect(gatewayService.scripts.check).toMatch(/sc=\$\(PATH=\/usr\/bin:\/bin:\/usr\/sbin:\/sbin command -v systemctl/)
    expect(gatewayService.scripts.check).toMatch(/_ocss_oc_as -- "\$sc" --user "\$@"/)
    expect(gatewayService.scripts.check).toMatch(/_ocss_oc_user_systemctl is-active openclaw-gateway\.service/)
  })

  it('shows only the gateway port\'s listeners, as ss prints them; a missing account says what to do', () => {
    const text = readFileSync(join(dir, 'running.pass.txt'), 'utf8').replace(
      /### oc-listen\n/,
      '### oc-listen\nLISTEN 0 511 *:18789 *:* users:(("openclaw-gatewa",pid=9,fd=3))\nLISTEN 0 511 0.0.0.0:8080 0.0.0.0:* users:(("x",pid=9,fd=4))\n',
    )
    expect(evaluateService({ exitCode: 0, stdout: text }).evidence).toContain('listening: *:18789 127.0.0.1:18789 [::1]:18789')
    expect(read('disabled.fail.txt').evidence).toContain('listening: nothing on port 18789')
    expect(evaluateService({ exitCode: 0, stdout: '### oc-pid1\nsystemd\n### oc-account\nmissing openclaw\n' })).toEqual({
      status: 'fail', summary: 'No OpenClaw account: There is no account "openclaw" on this machine. Apply the "OpenClaw account" step first.', evidence: ['PID 1: systemd'],
    })
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

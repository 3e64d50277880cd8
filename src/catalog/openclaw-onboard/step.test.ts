import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withConfig } from '../../../test/helpers/openclaw-facts'
import { evaluateOnboard, openclawOnboard } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateOnboard({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('openclaw-onboard check', () => {
  it('passes an onboarded account and says what it saw (facts: openclaw.json parsed as JSON5)', () => {
    const v = read('onboarded.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.evidence).toEqual([
      'account: openclaw',
      'openclaw.json: present, parses',
      'gateway.mode: local',
      'workspace: /home/openclaw/.openclaw/workspace (a folder)',
      'tools.profile: full',
    ])
  })

  it('passes a JSON5 config with comments, trailing commas and unquoted keys (the target parses it; the fixture is what it prints)', () => {
    const text = readFileSync(join(dir, 'json5-comments.pass.txt'), 'utf8')
    const config = readFileSync(join(dir, 'json5-comments.openclaw.json5'), 'utf8')
    expect(config).toMatch(/\/\/ .*\n/)
    expect(config).toMatch(/,\s*\}/)
    expect(() => { JSON.parse(config) }).toThrow()
    expect(withConfig(text, config)).toBe(text)
    expect(read('json5-comments.pass.txt')).toMatchObject({ status: 'pass', summary: 'Onboarded: openclaw.json parses, gateway.mode local, workspace /home/openclaw/.openclaw/workspace.' })
  })

  it('fails each broken state with what to do', () => {
    expect(read('not-onboarded.fail.txt').summary).toMatch(/^Not onboarded: .*openclaw\.json does not exist\. Apply "OpenClaw onboarding"/)
    expect(read('remote-mode.fail.txt').summary).toMatch(/gateway\.mode is "remote", not "local"/)
    expect(read('workspace-missing.fail.txt').summary).toMatch(/workspace .* is missing/)
    expect(read('config-symlink.fail.txt').summary).toMatch(/symlink/)
  })

  it('reports what it cannot judge as an error, never a pass: no account, a config that does not parse, no output', () => {
    expect(read('no-account.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/no account "openclaw".*"OpenClaw account" step/) as unknown })
    expect(read('unparsable.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/does not parse .*openclaw config validate/) as unknown })
    expect(evaluateOnboard({ exitCode: 1, stdout: 'bash: something went wrong' }).status).toBe('error')
  })

  it('metadata: runs as the OpenClaw account, needs the install, SSH and WSL', () => {
    expect(__dirname.endsWith(openclawOnboard.meta.id)).toBe(true)
    expect(openclawOnboard.meta.actor).toBe('openclaw')
    expect(openclawOnboard.meta.requires).toEqual([{ step: 'openclaw-install', why: 'OpenClaw must be installed first.' }])
    expect(openclawOnboard.meta.targets).toEqual(['ssh', 'wsl'])
  })

  it('scripts: helpers written in, valid bash, ShellCheck-clean', () => {
    for (const [name, script] of Object.entries(openclawOnboard.scripts)) {
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status, name).toBe(0)
      const sc = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' })
      expect(sc.stdout, name).toBe('')
    }
  })

  it('apply never puts the token in an argument list: it travels in variables, printf (a builtin) and stdin only', () => {
    const apply = openclawOnboard.scripts.apply
    expect(apply).toContain('--gateway-token-ref-env OPENCLAW_GATEWAY_TOKEN --secret-input-mode ref')
    expect(apply).not.toMatch(/--gateway-token /)
    // Every use of $token is as printf's argument, piped; never an external command's argument.
    const uses = apply.split('\n').filter((l) => l.includes('$token') || l.includes('${token'))
    expect(uses.length).toBeGreaterThan(0)
    for (const l of uses) expect(l).toMatch(/printf '%s(\\n)?' "\$token" \||\$\{#token\}/)
  })
})

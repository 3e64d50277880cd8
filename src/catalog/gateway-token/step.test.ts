import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withConfig } from '../../../test/helpers/openclaw-facts'
import { evaluateToken, gatewayToken } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateToken({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('gateway-token check', () => {
  it('passes a 64-character store token, with the evidence the issue asks for', () => {
    const v = read('store-64.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'Token auth on; the token has 64 characters and is in the secret store (GATEWAY_TOKEN).' })
    expect(v.evidence).toContain('token: 64 characters, in the secret store')
  })

  it('a token OpenClaw accepts (>= 24) but shorter than 64 fails with "shorter than the guide\'s 64"', () => {
    expect(read('store-32.fail.txt').summary).toMatch(/^The token \(32 characters, in the secret store\) is shorter than the guide's 64/)
    expect(read('store-10.fail.txt').summary).toMatch(/only 10 characters .*warns below 24/)
  })

  it('plaintext is flagged "move it to the secret store"; env refs cannot be verified by root', () => {
    expect(read('plaintext-48.fail.txt').summary).toMatch(/plain text in openclaw\.json \(48 characters\): move it to the secret store/)
    expect(read('env-ref.fail.txt').summary).toMatch(/environment variable OPENCLAW_GATEWAY_TOKEN, which root cannot verify.*Apply this step/)
  })

  it('a JSON5 config with comments, trailing commas and unquoted keys passes (the target parses it; the fixture is what it prints)', () => {
    const text = readFileSync(join(dir, 'json5-comments.pass.txt'), 'utf8')
    const config = readFileSync(join(dir, 'json5-comments.openclaw.json5'), 'utf8')
    expect(() => { JSON.parse(config) }).toThrow()
    expect(config).toMatch(/\/\*.*\*\//)
    expect(withConfig(text, config)).toBe(text)
    const v = read('json5-comments.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'Token auth on; the token has 64 characters and is in the secret store (GATEWAY_TOKEN).' })
    expect(v.evidence).toContain('token: 64 characters, in the secret store')
  })

  it('a store ref that does not resolve fails: no entry, deleted (the facts list live entries only), wrong kind', () => {
    expect(read('store-no-entry.fail.txt').summary).toMatch(/entry GATEWAY_TOKEN, which does not exist/)
    expect(read('store-deleted.fail.txt').summary).toMatch(/entry GATEWAY_TOKEN, which does not exist/)
    expect(read('store-kind-env.fail.txt').summary).toMatch(/kind "env".*must be "secret"/)
  })

  it('auth off or no token fails', () => {
    expect(read('mode-none.fail.txt').summary).toMatch(/^Token auth is off: gateway\.auth\.mode is "none"/)
    expect(read('token-unset.fail.txt').summary).toMatch(/no token is set/)
  })

  it('evidence never carries more than shapes (no fixture line with a value reaches it)', () => {
    for (const f of ['store-64.pass.txt', 'plaintext-48.fail.txt', 'env-ref.fail.txt']) {
      for (const e of read(f).evidence) expect(e).toMatch(/^(gateway\.auth\.(mode|token)|token): /)
    }
  })

  it('metadata: layer 4, as the account, needs onboarding, restarts the gateway, offers rotate', () => {
    expect(__dirname.endsWith(gatewayToken.meta.id)).toBe(true)
    expect(gatewayToken.meta).toMatchObject({ layer: 4, actor: 'openclaw', effects: ['restart-gateway'] })
    expect(gatewayToken.meta.requires?.map((r) => r.step)).toEqual(['openclaw-onboard'])
    expect(gatewayToken.meta.actions?.map((a) => a.id)).toEqual(['rotate'])
    expect(Object.keys(gatewayToken.actionScripts)).toEqual(['rotate'])
  })

  it('scripts (rotate too): helpers written in, valid bash, ShellCheck-clean, the token only in printf pipes', () => {
    for (const [name, script] of Object.entries({ ...gatewayToken.scripts, ...gatewayToken.actionScripts })) {
      expect(script).not.toContain('# @include')
      expect(spawnSync('bash', ['-n'], { input: script }).status, name).toBe(0)
      expect(spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' }).stdout, name).toBe('')
      for (const l of script.split('\n').filter((x) => /\$\{?token\b/.test(x))) expect(l, name).toMatch(/printf '%s' "\$token" \||\$\{#token\}/)
    }
  })
})

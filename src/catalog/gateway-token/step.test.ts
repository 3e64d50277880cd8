import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
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

  it('a plaintext token arrives only as its length (the target redacts it) and the verdicts stay: move it to the store', () => {
    const base = readFileSync(join(dir, 'store-64.pass.txt'), 'utf8')
    const canary = `CANARY${'0123456789abcdef'.repeat(4)}`
    const judge = (config: string) => {
      const stdout = withConfig(base, config)
      expect(stdout).not.toContain(canary.slice(0, 24))
      const v = evaluateToken({ exitCode: 0, stdout })
      expect(JSON.stringify(v)).not.toContain(canary.slice(0, 24))
      return v
    }
    // A hand edit, JSON5 style, with the token in plain text (64 and 48 characters).
    expect(judge(`{ gateway: { mode: 'local', auth: { mode: 'token', token: '${canary.slice(0, 64)}', }, }, }`)).toMatchObject({
      status: 'fail', summary: 'The token is in plain text in openclaw.json (64 characters): move it to the secret store (Apply this step does that).',
      evidence: ['gateway.auth.mode: token', 'token: 64 characters, in plain text in openclaw.json'],
    })
    expect(judge(`{"gateway":{"auth":{"mode":"token","token":"${canary.slice(0, 48)}"}}}`).summary).toBe('The token is in plain text in openclaw.json (48 characters): move it to the secret store (Apply this step does that and makes a 64-character one).')
    expect(judge(`{"gateway":{"auth":{"mode":"none","token":"${canary}"}}}`).evidence).toEqual(['gateway.auth.mode: none', 'gateway.auth.token: plain text'])
    expect(judge('{"gateway":{"auth":{"mode":"token","token":""}}}').summary).toMatch(/no token is set/)
    expect(judge('{"gateway":{"auth":{"mode":"token","token":123456}}}')).toMatchObject({ summary: expect.stringMatching(/shape the check does not know/) as unknown, evidence: ['gateway.auth.mode: token', 'gateway.auth.token: number'] })
    // A store SecretRef passes untouched by the redaction.
    expect(judge('{"gateway":{"mode":"local","auth":{"mode":"token","token":{"source":"store","provider":"default","id":"GATEWAY_TOKEN"}}}}').status).toBe('pass')
  })

  it('no fixture of any OpenClaw step carries openclaw.json unredacted (no base64 file, no plaintext at a secret key)', () => {
    const root = join(__dirname, '..')
    const files = readdirSync(root).flatMap((d) => { try { return readdirSync(join(root, d, 'fixtures')).map((f) => join(root, d, 'fixtures', f)) } catch { return [] } }).filter((f) => f.endsWith('.txt'))
    const withConfigs = files.filter((f) => readFileSync(f, 'utf8').includes('### oc-config\n'))
    expect(withConfigs.length).toBeGreaterThan(20)
    for (const f of withConfigs) {
      const head = /### oc-config\n([^\n]*)\n([^\n]*)/.exec(readFileSync(f, 'utf8'))
      expect(head?.[1], f).toMatch(/^(json \d+ [0-7]+|unparseable .*|absent|symlink|not-a-file|too-large \d+)$/)
      if (!head?.[1]?.startsWith('json')) continue
      const walk = (v: unknown, secret: boolean): void => {
        if (typeof v === 'string') expect(secret, `${f}: a plaintext string under a secret key`).toBe(false)
        else if (Array.isArray(v)) v.forEach((x) => { walk(x, secret) })
        else if (v && typeof v === 'object') {
          if ('$ocssRedacted' in v || (secret && 'source' in v && 'id' in v)) return
          for (const [k, x] of Object.entries(v)) walk(x, secret || /token|passw(or)?d|secret|key$/i.test(k))
        }
      }
      walk(JSON.parse(head[2] ?? ''), false)
    }
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

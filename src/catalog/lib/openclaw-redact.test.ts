import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import JSON5 from 'json5'
import { afterAll, describe, expect, it } from 'vitest'
import { ocConfigLines, redactorScript, runRedactor } from '../../../test/helpers/openclaw-facts'
import { OPENCLAW_LIBS } from './openclaw-libs'

// The redactor as lib/openclaw.sh sends it (the heredoc's text), run by /usr/bin/python3 -I as ocss_oc_facts runs it.
const CANARY = `CANARY${randomBytes(29).toString('hex')}`.slice(0, 64)
const dir = mkdtempSync(join(tmpdir(), 'ocss-redact-test-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** The parsed config the app receives for `text`, and the raw lines. */
function redact(text: string | Buffer, mode = 0o600): { head: string; lines: string[]; value: Record<string, unknown> } {
  const lines = ocConfigLines(text, mode)
  const head = lines[0] ?? ''
  expect(head, lines.join('\n')).toMatch(/^json \d+ [0-7]+$/)
  expect(lines).toHaveLength(2)
  return { head, lines, value: JSON5.parse(lines[1] ?? '') }
}
const plain = (length: number) => ({ $ocssRedacted: 'plaintext', length })
const REF = { source: 'store', provider: 'default', id: 'GATEWAY_TOKEN' }

describe('openclaw.json redactor (lib/openclaw-redact.py, run by the system python3)', () => {
  it('is the text lib/openclaw.sh sends, run through /usr/bin/python3 -I in the facts read', () => {
    const sh = OPENCLAW_LIBS['openclaw.sh'] ?? ''
    expect(redactorScript()).toMatch(/^# openclaw\.json as the app may see it/)
    expect(sh).toMatch(/\/usr\/bin\/python3 -I -c "\$\(_ocss_oc_redact_py\)" "\$state\/openclaw\.json"/)
    expect(sh).not.toMatch(/base64 -w0 -- "\$f"/)
  })

  it('strict JSON: a plaintext gateway.auth.token becomes its length; every other value stays; the canary is in no byte', () => {
    const cfg = { gateway: { mode: 'local', port: 18789, bind: 'loopback', auth: { mode: 'token', token: CANARY } }, tools: { profile: 'full' }, n: [1, 2.5, true, null] }
    const r = redact(JSON.stringify(cfg, null, 2), 0o640)
    expect(r.head).toBe(`json ${Buffer.byteLength(JSON.stringify(cfg, null, 2))} 640`)
    expect(r.value).toEqual({ ...cfg, gateway: { ...cfg.gateway, auth: { mode: 'token', token: plain(64) } } })
    expect(r.lines.join('\n')).not.toContain(CANARY.slice(6, 20))
  })

  it('JSON5 hand edits: comments, trailing commas, unquoted keys, single quotes, hex, +.5, Infinity, escapes, CRLF', () => {
    const text = [
      '// hand edited',
      '{',
      `  gateway: { auth: { mode: 'token', token: '${CANARY}', }, port: 0x4965, /* ${CANARY} in a comment */ },`,
      "  $odd_name: +.5, 'quoted': 'it\\'s \\x41\\u00e9 \\",
      "continued', neg: -Infinity, big: 1e3, dq: \"a\\tb\", arr: [1, 2,],",
      '}',
    ].join('\r\n')
    expect(() => JSON.parse(text)).toThrow()
    const r = redact(text)
    expect(r.lines.join('\n')).not.toContain(CANARY.slice(6, 20))
    const expected = JSON5.parse<Record<string, unknown>>(text)
    ;(expected.gateway as { auth: { token: unknown } }).auth.token = plain(64)
    expect(r.value).toEqual(expected)
  })

  it('parses secret-free JSON5 exactly as the json5 library does', () => {
    const texts = [
      "{a:1,b:'x',c:[{d:null}],}",
      '{"unicode": "\\ud83d\\ude00 é", \'x\': .5e2, y: 5., z: -0x1F, w: NaN}',
      '{ a: /* c */ [ ] , b : { } }',
      '\ufeff{ keyé: "v", _k$: 1 }',
      "{ s: 'line\\\nnext', t: \"\\0\\b\\f\\n\\r\\t\\v\\/\" }",
    ]
    for (const t of texts) {
      const r = redact(t)
      expect(JSON.stringify(r.value), t).toBe(JSON.stringify(JSON5.parse(t)))
    }
  })

  it('nested secret keys anywhere, any spelling; arrays and objects under them; numbers too; lengths as JavaScript counts', () => {
    const r = redact(JSON5.stringify({
      channels: { telegram: { botToken: '123:ABC', accounts: [{ apiKey: 'k1' }, { api_key: 'k22', name: 'n' }] }, slack: { signingSecret: 'sss', appToken: '' } },
      providers: { x: { password: 12345, PASSWORD_HINT: 'h', privateKey: '-----BEGIN', headers: { Authorization: 'Bearer zz' } } },
      tokens: ['a', 'bb', { nested: 'ccc' }],
      emoji: { token: '😀😀' },
      plain: { name: 'not secret', mode: 'token', maxTokens: 4096 },
    }))
    expect(r.value).toEqual({
      channels: { telegram: { botToken: plain(7), accounts: [{ apiKey: plain(2) }, { api_key: plain(3), name: 'n' }] }, slack: { signingSecret: plain(3), appToken: plain(0) } },
      providers: { x: { password: { $ocssRedacted: 'number' }, PASSWORD_HINT: plain(1), privateKey: plain(10), headers: { Authorization: plain(9) } } },
      tokens: [plain(1), plain(2), { nested: plain(3) }],
      emoji: { token: plain('😀😀'.length) },
      plain: { name: 'not secret', mode: 'token', maxTokens: { $ocssRedacted: 'number' } },
    })
  })

  it('leaves SecretRef objects as they are (store, env, file), wherever they sit', () => {
    const cfg = {
      gateway: { auth: { mode: 'token', token: REF } },
      models: { providers: { openai: { apiKey: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } } } },
      channels: { discord: { token: { source: 'file', id: '/discord/token' } } },
    }
    expect(redact(JSON.stringify(cfg)).value).toEqual(cfg)
    // Not a SecretRef (a value beside the reference keys): its strings are redacted.
    expect(redact(JSON.stringify({ token: { source: 'store', id: 'X', value: CANARY } })).value).toEqual({ token: { source: plain(5), id: plain(1), value: plain(64) } })
  })

  it('a file that does not parse sends no text: "unparseable", its size, mode and the error position only', () => {
    const bad = `{ gateway: { auth: { token: "${CANARY}" } `
    expect(ocConfigLines(bad, 0o644)).toEqual([`unparseable ${Buffer.byteLength(bad)} 644 1 ${bad.length + 1}`])
    const stray = `{ "token": "${CANARY}" x }`
    expect(ocConfigLines(stray)).toEqual([`unparseable ${stray.length} 600 1 ${stray.indexOf(' x }') + 2}`])
    expect(ocConfigLines(`{\n  token: '${CANARY}\n' }`)).toEqual([`unparseable ${CANARY.length + 16} 600 2 ${CANARY.length + 11}`])
    expect(ocConfigLines('')).toEqual(['unparseable 0 600 1 1'])
    expect(ocConfigLines('[1, 2]')).toEqual(['unparseable 6 600 not-an-object'])
    expect(ocConfigLines(`{ a: 1 /* ${CANARY}`)).toEqual([`unparseable ${CANARY.length + 10} 600 1 ${CANARY.length + 11}`])
    expect(ocConfigLines(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))[0]).toMatch(/^unparseable 4 600 1 2$/)
  })

  it('never follows a link, never blocks on a FIFO, refuses other files and more than 1 MiB', () => {
    const file = (name: string) => join(dir, name)
    writeFileSync(file('real.json'), JSON.stringify({ token: CANARY }))
    symlinkSync(file('real.json'), file('link.json'))
    mkdirSync(file('folder.json'))
    expect(spawnSync('mkfifo', [file('fifo.json')]).status).toBe(0)
    writeFileSync(file('big.json'), `{"a":"${'x'.repeat(1048576)}"}`)
    chmodSync(file('big.json'), 0o600)
    expect(runRedactor(file('link.json')).stdout).toBe('symlink\n')
    expect(runRedactor(file('none.json')).stdout).toBe('absent\n')
    expect(runRedactor(file('folder.json')).stdout).toBe('not-a-file\n')
    const fifo = spawnSync('/usr/bin/python3', ['-I', '-c', redactorScript(), file('fifo.json')], { encoding: 'utf8', timeout: 20_000 })
    expect(fifo.stdout).toBe('not-a-file\n')
    expect(runRedactor(file('big.json')).stdout).toBe(`too-large ${1048576 + 8}\n`)
  })
})

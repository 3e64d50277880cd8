import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactLines } from './redact'

const CANARY = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
const HEX64 = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdef0123456789'

describe('redact', () => {
  it.each([
    ['env assignment', `OPENCLAW_GATEWAY_TOKEN=${CANARY}`, 'OPENCLAW_GATEWAY_TOKEN=[REDACTED]'],
    ['env assignment with export and quotes', `export OPENCLAW_AUTH_TOKEN_V2="${CANARY}"`, 'export OPENCLAW_AUTH_TOKEN_V2="[REDACTED]"'],
    ['API key env', `OPENAI_API_KEY=${CANARY}`, 'OPENAI_API_KEY=[REDACTED]'],
    ['JSON token', `{"token": "${CANARY}", "mode": "token"}`, '{"token": "[REDACTED]", "mode": "token"}'],
    ['JSON apiKey', `"apiKey":"${CANARY}"`, '"apiKey":"[REDACTED]"'],
    ['JSON5 unquoted key', `botToken: '${CANARY}',`, "botToken: '[REDACTED]',"],
    ['password key', `password = hunter2`, 'password = [REDACTED]'],
    ['clientSecret', `"clientSecret": "${CANARY}"`, '"clientSecret": "[REDACTED]"'],
    ['dotted config key', `gateway.auth.token = ${HEX64}`, 'gateway.auth.token = [REDACTED]'],
    ['Bearer header', `Authorization: Bearer ${CANARY}`, 'Authorization: Bearer [REDACTED]'],
    ['bare Bearer', `curl -H "x: Bearer ${CANARY}"`, 'curl -H "x: Bearer [REDACTED]"'],
    ['flag next to a secret word', `openclaw health --token ${HEX64}`, 'openclaw health --token [REDACTED]'],
    ['URL credentials', 'https://bob:pa55word@example.org/x', 'https://bob:[REDACTED]@example.org/x'],
    ['OpenAI-style key', `key is sk-proj-${CANARY}`, `key is ${REDACTED}`],
    ['Telegram bot token', 'bot 123456789:AAEhBOweik9ai2o4N2u1x3P7pPq0s8k6T2w', `bot ${REDACTED}`],
    ['bare 64-hex token', `got ${HEX64} back`, `got ${REDACTED} back`],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', REDACTED],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected)
  })

  it('leaves ordinary check output alone', () => {
    const lines = [
      'Status: active',
      'Default: deny (incoming), allow (outgoing), disabled (routed)',
      '22/tcp                     ALLOW IN    Anywhere',
      'tcp LISTEN 0 511 127.0.0.1:18789 0.0.0.0:*',
      '"checkId": "gateway.token_too_short", "severity": "warn"',
      'gateway.auth.mode = token',
      '/usr/lib/x86_64-linux-gnu/openclaw/node_modules/some-package/dist/index.js',
      'host key SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
      'summary: {critical:0, warn:2, info:1}',
    ]
    expect(redactLines(lines)).toEqual(lines)
  })

  it('replaces a private key block spanning lines, whatever the key type', () => {
    const out = redactLines(['before', '-----BEGIN OPENSSH PRIVATE KEY-----', `b3BlbnNzaC1rZXktdjEAAAAA${CANARY}`, 'AAAA', '-----END OPENSSH PRIVATE KEY-----', 'after'])
    expect(out).toEqual(['before', `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`, 'after'])
    expect(redact(`x -----BEGIN RSA PRIVATE KEY-----\nMIIE${CANARY}\n-----END RSA PRIVATE KEY----- y`)).not.toContain(CANARY)
  })

  it('a replacement never interprets $-patterns of the input', () => {
    expect(redact("token=$'abc' rest")).toBe('token=[REDACTED] rest')
    expect(redact("say $& and $' and $`")).toBe("say $& and $' and $`")
  })

  it('the canary never survives, in any of the shapes above', () => {
    const shapes = [`OPENCLAW_GATEWAY_TOKEN=${CANARY}`, `{"secret":"${CANARY}"}`, `Bearer ${CANARY}`, `--password ${CANARY}`, `apiKey: ${CANARY}`, `${CANARY}`]
    for (const s of shapes) expect(redact(s), s).not.toContain(CANARY)
  })
})

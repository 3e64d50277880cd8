import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactLines } from './redact'
import { msPerCall } from '../shared/ms-per-call'

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
    expect(redact("token=$'abc' rest")).toBe('token=[REDACTED]')
    expect(redact("x --password $'abc' rest")).toBe('x --password [REDACTED] rest')
    expect(redact("say $& and $' and $`")).toBe("say $& and $' and $`")
  })

  it('the canary never survives, in any of the shapes above', () => {
    const shapes = [`OPENCLAW_GATEWAY_TOKEN=${CANARY}`, `{"secret":"${CANARY}"}`, `Bearer ${CANARY}`, `--password ${CANARY}`, `apiKey: ${CANARY}`, `${CANARY}`]
    for (const s of shapes) expect(redact(s), s).not.toContain(CANARY)
  })
})

// Shapes the redactor used to miss (security review L1). Each: the input, the secret that must be gone, and the
// non-secret text around it that must survive (so the redactor does not just erase everything).
const GOOGLE_KEY = 'AIzaSyD4k9Xq2LmN7pR3sT6vW8yZ1aB5cE0fG2h' // 39 characters
const L1: readonly (readonly [name: string, input: string, secret: string, kept: readonly string[]])[] = [
  ['URL password with @', 'fetch https://bob:p@ssw0rd@example.org/x failed', 'ssw0rd', ['fetch https://bob:', '@example.org/x failed']],
  ['URL password with /', 'remote https://bob:ab/cd1234@git.example.org/r.git', 'cd1234', ['https://bob:', '@git.example.org/r.git']],
  ['URL with an empty user', 'REDIS=redis://:S3cretRedisPass@cache:6379/0 up', 'S3cretRedisPass', ['REDIS=redis://:', '@cache:6379/0 up']],
  ['--password flag', 'ran backup --password hunter2 --verbose', 'hunter2', ['ran backup --password ', ' --verbose']],
  ['--password flag, quoted with spaces', 'tool --password "hunter two" --dry-run', 'hunter two', ['tool --password "', '" --dry-run']],
  ['mysql -pX', 'mysql -u root -phunter2 shop', 'hunter2', ['mysql -u root -p', ' shop']],
  ['sshpass -p x', 'sshpass -p hunter2 ssh admin@db', 'hunter2', ['sshpass -p ', ' ssh admin@db']],
  ['PASS key', 'SMTP_PASS=hunter2', 'hunter2', ['SMTP_PASS=']],
  ['PWD key', 'MYSQL_PWD=hunter2', 'hunter2', ['MYSQL_PWD=']],
  ['pw key', 'pw: hunter2', 'hunter2', ['pw: ']],
  ['credential key', 'credential = hunter2', 'hunter2', ['credential = ']],
  ['credentials key (JSON)', '{"credentials": "hunter2", "region": "eu-west-1"}', 'hunter2', ['{"credentials": "', '", "region": "eu-west-1"}']],
  ['auth key', 'proxy.auth: alice:hunter2', 'hunter2', ['proxy.auth: ']],
  ['camelCase pass key', 'dbPass=hunter2', 'hunter2', ['dbPass=']],
  ['value with spaces', 'passphrase: correct horse battery staple', 'horse battery staple', ['passphrase: ']],
  ['value with ;', 'DB_PASSWORD=ab;cdefgh', 'cdefgh', ['DB_PASSWORD=']],
  ['value with ,', 'DB_PASSWORD=ab,cdefgh', 'cdefgh', ['DB_PASSWORD=']],
  ['value with }', '{password=ab}cdefgh', 'cdefgh', ['{password=']],
  ['quoted value with , and }', '{"password": "ab,c}defgh", "user": "bob"}', 'defgh', ['{"password": "', '", "user": "bob"}']],
  ['unclosed quote', 'token="abc def', 'abc def', ['token="']],
  ['full-width =', 'password＝hunter2', 'hunter2', ['password＝']],
  ['full-width :', 'token：hunter2', 'hunter2', ['token：']],
  ['Google API key in JSON', `{"key": "${GOOGLE_KEY}", "ok": true}`, GOOGLE_KEY, ['{"key": "', '", "ok": true}']],
  ['bare Google API key', `maps key ${GOOGLE_KEY} set`, GOOGLE_KEY, ['maps key ', ' set']],
  ['Hugging Face token', 'HF hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567 loaded', 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567', ['HF ', ' loaded']],
  ['Stripe secret key', 'stripe sk_live_51HaBcDeFgHiJkLmNoPqRsTuV done', 'sk_live_51HaBcDeFgHiJkLmNoPqRsTuV', ['stripe ', ' done']],
  ['Stripe restricted key', 'stripe rk_live_51HaBcDeFgHiJkLmNoPqRsTuV done', 'rk_live_51HaBcDeFgHiJkLmNoPqRsTuV', ['stripe ', ' done']],
  ['Stripe publishable key', 'stripe pk_live_51HaBcDeFgHiJkLmNoPqRsTuV done', 'pk_live_51HaBcDeFgHiJkLmNoPqRsTuV', ['stripe ', ' done']],
  ['Google OAuth client secret', 'oauth GOCSPX-aBcDeFgHiJkLmNoPqRsTuVwXyZ12 ok', 'GOCSPX-aBcDeFgHiJkLmNoPqRsTuVwXyZ12', ['oauth ', ' ok']],
  ['Discord bot token', 'bot MTA4NzY1NDMyMTA5ODc2NTQzMg.GhX2kq.aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z up', 'GhX2kq.aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z', ['bot ', ' up']],
  ['GitHub fine-grained token', 'gh github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTu ok', 'github_pat_11ABCDEFG0aBcDeFgHiJkL', ['gh ', ' ok']],
]

describe('redact: shapes from the security review (L1)', () => {
  it.each(L1)('%s', (_name, input, secret, kept) => {
    const out = redact(input)
    expect(out).not.toContain(secret)
    expect(out).toContain(REDACTED)
    for (const k of kept) expect(out).toContain(k)
  })

  it('YAML: a secret key with its value on the next line, or a block scalar; a nested mapping stays readable', () => {
    expect(redactLines(['gateway:', '  token:', '    c4n4ryS3cr3t', '  mode: local'])).toEqual(['gateway:', '  token:', `    ${REDACTED}`, '  mode: local'])
    expect(redact('token: |\n  line one\n  line two\nmode: local')).toBe(`token: |\n  ${REDACTED}\n  ${REDACTED}\nmode: local`)
    expect(redact('secrets:\n  - hunter2\n  - hunter3\nport: 22')).toBe(`secrets:\n  - ${REDACTED}\n  - ${REDACTED}\nport: 22`)
    expect(redact('auth:\n  mode: token\n  token: hunter2\nport: 22')).toBe(`auth:\n  mode: token\n  token: ${REDACTED}\nport: 22`)
  })

  it('leaves flags and keys that only look alike alone', () => {
    const lines = ['openclaw --token-file /etc/openclaw/token --verbose', 'docker login --password-stdin registry.example.org', 'ssh -p 2222 bob@host', 'mkdir -p /var/lib/x', 'PASS_MAX_DAYS 99999', 'passwordauthentication no', 'https://example.org/a@b', 'critical gateway.loopback_no_auth: Gateway auth missing on loopback']
    expect(redactLines(lines)).toEqual(lines)
  })
})

describe('redact: terminal control characters (security review L2)', () => {
  it('shows ESC, BEL, CR and C1 controls as visible text; keeps tabs, and newlines in a text', () => {
    const evil = 'title \u001b]52;c;aGk=\u0007\u001b[8mhidden\u001b[0m\u001b[2A\u001b[1GPASS\rFAIL \u009b31m\u007f'
    const out = redact(`${evil}\n\tnext`)
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(out).toBe('title ␛]52;c;aGk=␇␛[8mhidden␛[0m␛[2A␛[1GPASS␍FAIL \\x9b31m␡\n\tnext')
    expect(redactLines(['a\nb', 'c\r'])).toEqual(['a␊b', 'c'])
    expect(redact('a\r\nb')).toBe('a\nb')
  })
})

describe('redact: linear time (security review M2)', () => {

  // A cubic rule (the old key=value regex) takes ~1000x as long for 10x the input; a linear one ~10x. The bound (30x)
  // is a ratio measured in one run, not an absolute time, so a loaded machine does not make it flaky.
  it.each([
    ['tokenx… (the review’s reproduction)', 'tokenx'],
    ['token=" without closing quotes', 'a token="'],
    ['many separators', 'k=v:'],
    ['JWT-like starts', '-eyJabcd'],
    ['URL-like starts', 'a://b:'],
    ['flag-like words', ' --password'],
    ['private key begins', '-----BEGIN RSA PRIVATE KEY-----'],
  ])('%s: 100 KB takes less than 30x the time of 10 KB', (_name, unit) => {
    const of = (bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)
    const [ten, hundred] = [of(10_000), of(100_000)]
    redact(ten) // warm up the JIT
    const small = msPerCall(() => redact(ten))
    const large = msPerCall(() => redact(hundred))
    expect(large / small).toBeLessThan(30)
  }, 60_000)
})

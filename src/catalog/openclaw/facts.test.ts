import { describe, expect, it } from 'vitest'
import { ocConfigLines } from '../../../test/helpers/openclaw-facts'
import { parseSections } from '../catalog-step'
import { keyValue, parseOpenClawFacts, plaintextLength, showValue } from './facts'

const TOKEN = `FAKEplaintext${'0123456789abcdef'.repeat(4)}`.slice(0, 64)

function output(config: string | null, extra = ''): string {
  return [
    '### oc-account',
    'user ocss',
    'uid 1000',
    'home /home/ocss',
    '### oc-version',
    '2026.9.6',
    '### oc-config',
    ...(config === null ? ['absent'] : ocConfigLines(config)),
    '### oc-paths',
    'd|700|ocss|.',
    'f|600|ocss|./openclaw.json',
    'l|777|ocss|./credentials',
    '### oc-listen',
    'LISTEN 0      511        127.0.0.1:18789      0.0.0.0:*    users:(("openclaw-gatewa",pid=812,fd=22))',
    'LISTEN 0      511            [::1]:18789         [::]:*    users:(("openclaw-gatewa",pid=812,fd=23))',
    'LISTEN 0      128    10.231.115.2:22 0.0.0.0:* users:(("sshd",pid=50,fd=4))',
    '### oc-secrets',
    'GATEWAY_TOKEN secret 64',
    '### oc-unit',
    'enabled enabled',
    'active active',
    'linger yes',
    extra,
  ].join('\n')
}

const facts = (text: string) => parseOpenClawFacts(parseSections(text))

describe('parseOpenClawFacts', () => {
  it('reads every section: account, version, JSON5 config, paths, listeners, secret lengths, unit', () => {
    const f = facts(output("{ // JSON5: comments, unquoted keys, trailing commas\n gateway: { bind: 'loopback', port: 18789, }, discovery: { mdns: { mode: 'off' } } }"))
    expect(f.account).toEqual({ state: 'ok', user: 'ocss', uid: 1000, home: '/home/ocss' })
    expect(f.version).toBe('2026.9.6')
    expect(f.config).toMatchObject({ state: 'ok', value: { gateway: { bind: 'loopback', port: 18789 } } })
    expect(f.paths).toEqual([
      { type: 'dir', mode: 0o700, owner: 'ocss', path: '.' },
      { type: 'file', mode: 0o600, owner: 'ocss', path: 'openclaw.json' },
      { type: 'symlink', mode: 0o777, owner: 'ocss', path: 'credentials' },
    ])
    expect(f.listeners).toEqual([
      { address: '127.0.0.1', port: 18789, process: 'openclaw-gatewa' },
      { address: '::1', port: 18789, process: 'openclaw-gatewa' },
      { address: '10.231.115.2', port: 22, process: 'sshd' },
    ])
    expect(f.secrets).toEqual([{ name: 'GATEWAY_TOKEN', kind: 'secret', length: 64 }])
    expect(f.unit).toEqual({ file: { state: 'unknown', path: '' }, bus: true, enabled: 'enabled', active: 'active', linger: true })
  })

  it('knows the 2026.9.6 defaults of unset keys, and tells set from default', () => {
    const f = facts(output(null))
    expect(f.config).toEqual({ state: 'absent' })
    expect(keyValue(f, 'discovery.mdns.mode')).toEqual({ set: false, value: 'minimal' })
    expect(keyValue(f, 'tools.elevated.enabled')).toEqual({ set: false, value: true })
    expect(keyValue(f, 'gateway.terminal.enabled')).toEqual({ set: false, value: true })
    expect(keyValue(f, 'gateway.bind')).toEqual({ set: false, value: 'loopback' })
    const g = facts(output('{"tools":{"elevated":{"enabled":false}}}'))
    expect(keyValue(g, 'tools.elevated.enabled')).toEqual({ set: true, value: false })
    expect(showValue('tools.elevated.enabled', keyValue(g, 'tools.elevated.enabled'))).toBe('false')
    expect(showValue('discovery.mdns.mode', keyValue(g, 'discovery.mdns.mode'))).toBe('unset (default "minimal")')
  })

  it('shows a secret only by its shape: a plaintext token never appears, a SecretRef by source and id', () => {
    const f = facts(output(JSON.stringify({ gateway: { auth: { mode: 'token', token: TOKEN } } })))
    const shown = showValue('gateway.auth.token', keyValue(f, 'gateway.auth.token'))
    expect(shown).toBe('plaintext in openclaw.json, 64 characters')
    expect(shown).not.toContain(TOKEN.slice(0, 8))
    const r = facts(output(JSON.stringify({ gateway: { auth: { token: { source: 'store', provider: 'default', id: 'GATEWAY_TOKEN' } } } })))
    expect(showValue('gateway.auth.token', keyValue(r, 'gateway.auth.token'))).toBe('SecretRef source=store id=GATEWAY_TOKEN')
  })

  it('a config that does not parse is reported without its text', () => {
    const f = facts(output(`{ gateway: { auth: { token: "${TOKEN}" } `))
    expect(f.config.state).toBe('invalid')
    expect(JSON.stringify(f.config)).not.toContain(TOKEN.slice(0, 8))
    const g = facts(output(`{ "token": "${TOKEN}" x }`))
    expect(g.config.state).toBe('invalid')
    expect(JSON.stringify(g.config)).not.toContain(TOKEN.slice(0, 8))
  })

  it('reads the config the target parsed and redacted: shapes for secrets, "unparseable" with a position, no python3', () => {
    const f = facts(output(`{ gateway: { auth: { mode: 'token', token: '${TOKEN}' } }, channels: { x: { botToken: 'abc' } } }`))
    expect(f.config).toMatchObject({ state: 'ok', mode: 0o600, value: { gateway: { auth: { mode: 'token', token: { $ocssRedacted: 'plaintext', length: 64 } } }, channels: { x: { botToken: { $ocssRedacted: 'plaintext', length: 3 } } } } })
    expect(plaintextLength(keyValue(f, 'gateway.auth.token').value)).toBe(64)
    expect(showValue('gateway.auth.token', keyValue(f, 'gateway.auth.token'))).toBe('plaintext in openclaw.json, 64 characters')
    expect(showValue('channels.x.botToken', keyValue(f, 'channels.x.botToken'))).toBe('plaintext in openclaw.json, 3 characters')
    expect(facts('### oc-config\nunparseable 120 600 3 7\n').config).toEqual({ state: 'invalid', error: 'openclaw.json could not be read as JSON5 at line 3, column 7' })
    expect(facts('### oc-config\nunparseable 3 600 not-an-object\n').config).toEqual({ state: 'invalid', error: 'the file does not hold an object' })
    expect(facts('### oc-config\nunreadable no-python3\n').config).toEqual({ state: 'unread', reason: 'no-python3' })
    // The old wire format (the whole file, base64) is not read any more.
    expect(facts(`### oc-config\nbase64\n${Buffer.from('{"gateway":{}}').toString('base64')}\n`).config).toEqual({ state: 'unread' })
  })

  it('reads PID 1 and the gateway unit file', () => {
    const f = facts('### oc-pid1\nsystemd\n### oc-unit\nunit-file present /home/o/.config/systemd/user/openclaw-gateway.service\nenabled enabled\nactive active\nlinger yes\n')
    expect(f.pid1).toBe('systemd')
    expect(f.unit).toEqual({ file: { state: 'present', path: '/home/o/.config/systemd/user/openclaw-gateway.service' }, bus: true, enabled: 'enabled', active: 'active', linger: true })
    expect(facts('### oc-pid1\nbash\n### oc-unit\nunit-file symlink /x\nno-bus\nlinger no\n').unit.file).toEqual({ state: 'symlink', path: '/x' })
    expect(facts('nothing').pid1).toBeNull()
    expect(facts('### oc-pid1\ninit(Ubuntu)\n').pid1).toBe('init(Ubuntu)')
  })

  it('names a missing account, a missing OpenClaw, a symlinked or oversized config, and no user bus', () => {
    expect(facts('### oc-account\nmissing openclaw\n').account).toEqual({ state: 'missing', user: 'openclaw' })
    expect(facts('### oc-account\ninvalid\n').account).toEqual({ state: 'invalid' })
    expect(facts('nothing').account).toEqual({ state: 'unread' })
    expect(facts('### oc-version\nnot-installed\n').version).toBeNull()
    expect(facts('### oc-config\nsymlink\n').config).toEqual({ state: 'symlink' })
    expect(facts('### oc-config\ntoo-large 2000000\n').config).toEqual({ state: 'too-large', bytes: 2000000 })
    expect(facts('### oc-unit\nno-bus\nlinger no\n').unit).toEqual({ file: { state: 'unknown', path: '' }, bus: false, enabled: 'unknown', active: 'unknown', linger: false })
    expect(facts('### oc-secrets\nunreadable OperationalError\n').secrets).toBeNull()
    expect(facts('### oc-listen\nss-failed\n').listeners).toBeNull()
  })
})

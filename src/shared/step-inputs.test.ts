import { describe, expect, it } from 'vitest'
import type { StepInput } from './step'
import { firstInputIssue, inputSchema, inputsPayload, plainInputs, secretInputs } from './step-inputs'

/** Synthetic inputs: no production step declares inputs yet. */
const input = (name: string, kind: StepInput['kind'], extra: Partial<StepInput> = {}): StepInput => ({ name, label: name.toLowerCase(), help: '', kind, required: false, ...extra })

function problem(inputs: readonly StepInput[], values: Record<string, unknown>, requireAll = true): string | null {
  const r = inputSchema(inputs, { requireAll }).safeParse(values)
  return r.success ? null : firstInputIssue(r.error)
}

function value(inputs: readonly StepInput[], values: Record<string, unknown>): Record<string, string> {
  return inputSchema(inputs).parse(values)
}

describe('inputSchema', () => {
  it('accepts ports from 1 to 65535 only', () => {
    const p = [input('PORT', 'port')]
    expect(value(p, { PORT: '1' })).toEqual({ PORT: '1' })
    expect(value(p, { PORT: '65535' })).toEqual({ PORT: '65535' })
    for (const bad of ['0', '65536', '-1', '80a', '1e3', '123456']) expect(problem(p, { PORT: bad }), bad).toMatch(/port number from 1 to 65535|longer than/)
  })

  it('accepts http/https addresses without credentials, at most 2 KiB', () => {
    const u = [input('MIRROR', 'url')]
    expect(value(u, { MIRROR: 'https://registry.example.com/npm/' })).toEqual({ MIRROR: 'https://registry.example.com/npm/' })
    expect(value(u, { MIRROR: 'http://10.0.0.5:4873' })).toEqual({ MIRROR: 'http://10.0.0.5:4873' })
    expect(problem(u, { MIRROR: 'ftp://example.com/' })).toBe('mirror must start with http:// or https://.')
    expect(problem(u, { MIRROR: 'file:///etc/passwd' })).toBe('mirror must start with http:// or https://.')
    expect(problem(u, { MIRROR: 'https://user:pw@example.com/' })).toMatch(/must not contain a user name or password/)
    expect(problem(u, { MIRROR: 'https://user@example.com/' })).toMatch(/must not contain a user name or password/)
    expect(problem(u, { MIRROR: 'not a url' })).toMatch(/without spaces/)
    expect(problem(u, { MIRROR: `https://example.com/${'a'.repeat(2100)}` })).toBe('mirror is longer than 2048 characters.')
  })

  it('takes a secret URL only as one https address without credentials, quotes or spaces, and never echoes it', () => {
    const u = [input('PING_URL', 'secret-url')]
    const good = 'https://hc-ping.com/0b6c7d3e-1a2b-4c5d-8e9f-001122334455'
    expect(value(u, { PING_URL: good })).toEqual({ PING_URL: good })
    for (const bad of ['http://hc-ping.com/abc', 'ftp://hc-ping.com/abc', 'HTTP://hc-ping.com/abc', 'hc-ping.com/abc', 'https:/hc-ping.com/x']) expect(problem(u, { PING_URL: bad }), bad).toMatch(/must start with https:\/\/|not a valid address/)
    expect(problem(u, { PING_URL: 'https://me:pw@hc-ping.com/abc' })).toMatch(/must not contain a user name or password/)
    expect(problem(u, { PING_URL: 'https://hc-ping.com/a b' })).toMatch(/without spaces/)
    expect(problem(u, { PING_URL: 'https://hc-ping.com/a"b' })).toMatch(/quotes or backslashes/)
    expect(problem(u, { PING_URL: 'https://hc-ping.com/a\\b' })).toMatch(/quotes or backslashes/)
    expect(problem(u, { PING_URL: `https://hc-ping.com/${'a'.repeat(2100)}` })).toBe('ping_url is longer than 2048 characters.')
    const secretBad = 'http://hc-ping.com/SECRET-1234'
    expect(problem(u, { PING_URL: secretBad })).not.toContain('SECRET-1234')
    // A secret: never kept or staged, and no default.
    expect(plainInputs(u, { PING_URL: good })).toEqual({})
    expect(secretInputs(u, { PING_URL: good })).toEqual({ PING_URL: good })
    expect(value([input('PING_URL', 'secret-url', { default: good })], {})).toEqual({})
  })

  it('takes telegram ids separated by commas or spaces, normalised, at most 50', () => {
    const t = [input('IDS', 'telegram-ids')]
    expect(value(t, { IDS: '123, 456 789' })).toEqual({ IDS: '123,456,789' })
    expect(problem(t, { IDS: '123,-4' })).toMatch(/positive whole number/)
    expect(problem(t, { IDS: '0' })).toMatch(/positive whole number/)
    expect(problem(t, { IDS: '12;34' })).toMatch(/positive whole number/)
    expect(problem(t, { IDS: Array.from({ length: 51 }, (_, i) => String(i + 1)).join(',') })).toMatch(/at most 50/)
  })

  it('checks IPv4 addresses and networks', () => {
    const a = [input('ADDR', 'ipv4'), input('NET', 'ipv4-cidr')]
    expect(value(a, { ADDR: '192.168.1.10', NET: '10.0.0.0/8' })).toEqual({ ADDR: '192.168.1.10', NET: '10.0.0.0/8' })
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5']) expect(problem(a, { ADDR: bad }), bad).toMatch(/IPv4 address/)
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/8/1', 'x/8']) expect(problem(a, { NET: bad }), bad).toMatch(/IPv4 network/)
  })

  it('takes a list of IPv4 addresses separated by commas or spaces, normalised without repeats, at most 8, no loopback or multicast', () => {
    const l = [input('DEVICES', 'ipv4-list', { label: 'Home devices' })]
    expect(value(l, { DEVICES: ' 192.168.1.1,  192.168.1.20 192.168.1.1 ' })).toEqual({ DEVICES: '192.168.1.1,192.168.1.20' })
    expect(value(l, { DEVICES: '10.0.0.2' })).toEqual({ DEVICES: '10.0.0.2' })
    expect(problem(l, { DEVICES: ' , ' })).toBe('Home devices needs at least one IPv4 address such as 192.168.1.10.')
    expect(problem(l, { DEVICES: '192.168.1.1, nas.local' })).toBe('Home devices: "nas.local" is not an IPv4 address such as 192.168.1.10 (separate the addresses with commas or spaces).')
    expect(problem(l, { DEVICES: '192.168.1.1;192.168.1.2' })).toMatch(/is not an IPv4 address/)
    expect(problem(l, { DEVICES: '192.168.1.256' })).toMatch(/is not an IPv4 address/)
    expect(problem(l, { DEVICES: Array.from({ length: 9 }, (_, i) => `10.0.0.${i + 1}`).join(',') })).toBe('Home devices lists 9 addresses; at most 8 are allowed.')
    // Repeats count once: eight different addresses, one of them twice, is fine.
    expect(problem(l, { DEVICES: [...Array.from({ length: 8 }, (_, i) => `10.0.0.${i + 1}`), '10.0.0.1'].join(' ') })).toBeNull()
    expect(problem(l, { DEVICES: '127.0.0.1' })).toBe("Home devices: 127.0.0.1 is this machine's own loopback address, not a device on your network.")
    for (const bad of ['0.0.0.0', '224.0.0.251', '255.255.255.255']) expect(problem(l, { DEVICES: bad }), bad).toMatch(/not a device on your network/)
    expect(problem(l, { DEVICES: `${'1.1.1.1,'.repeat(40)}` })).toMatch(/longer than/)
  })

  it('checks Linux user names', () => {
    const u = [input('USER', 'unix-user')]
    expect(value(u, { USER: 'openclaw' })).toEqual({ USER: 'openclaw' })
    expect(value(u, { USER: '_oc-1' })).toEqual({ USER: '_oc-1' })
    for (const bad of ['Root', '1abc', 'a b', 'a;rm', 'a'.repeat(33)]) expect(problem(u, { USER: bad }), bad).toMatch(/Linux user name|longer than/)
  })

  it('takes a file path only when absolute, one line and without . or .. parts', () => {
    const f = [input('FILE', 'file-path')]
    expect(value(f, { FILE: ' /home/me/openclaw sandbox.tar ' })).toEqual({ FILE: '/home/me/openclaw sandbox.tar' })
    for (const bad of ['image.tar', './image.tar', '~/image.tar', '/tmp/', '/tmp/a\nb', 'C:\\image.tar']) expect(problem(f, { FILE: bad }), bad).toMatch(/absolute path of a file/)
    for (const bad of ['/tmp/../etc/shadow', '/tmp/./x.tar']) expect(problem(f, { FILE: bad }), bad).toMatch(/"\." or "\.\." parts/)
    expect(problem(f, { FILE: `/${'a'.repeat(1024)}` })).toMatch(/longer than 1024/)
  })

  it('takes a choice only from its list', () => {
    const c = [input('MODE', 'choice', { choices: [{ value: 'adopt', label: 'Adopt' }, { value: 'move', label: 'Move' }] })]
    expect(value(c, { MODE: 'adopt' })).toEqual({ MODE: 'adopt' })
    expect(problem(c, { MODE: 'other' })).toBe('mode must be one of: adopt, move.')
  })

  it('takes a choice list only from its list, normalised to one comma-separated list without repeats', () => {
    const c = [input('GROUPS', 'choice-list', { choices: [{ value: 'group:fs', label: 'fs' }, { value: 'group:web', label: 'web' }] })]
    expect(value(c, { GROUPS: 'group:web, group:fs group:web' })).toEqual({ GROUPS: 'group:web,group:fs' })
    expect(problem(c, { GROUPS: 'group:fs,group:bogus' })).toBe('groups: "group:bogus" is not allowed; choose from: group:fs, group:web.')
    expect(problem(c, { GROUPS: 'group:fs"],"x' })).toBe('groups: "group:fs\\"]", "\\"x" are not allowed; choose from: group:fs, group:web.')
    expect(problem(c, { GROUPS: ',,' })).toBe('groups needs at least one of: group:fs, group:web.')
    expect(problem(c, { GROUPS: 'group:fs,'.repeat(200) })).toBe('groups is longer than 1024 characters.')
  })

  it('takes text and secrets as one line without control characters, within their limits', () => {
    const s = [input('NOTE', 'text'), input('TOKEN', 'secret')]
    expect(value(s, { NOTE: '  a note  ', TOKEN: 'abc def' })).toEqual({ NOTE: 'a note', TOKEN: 'abc def' })
    expect(problem(s, { NOTE: 'two\nlines' })).toMatch(/one line without control characters/)
    expect(problem(s, { NOTE: 'bell\u0007' })).toMatch(/one line/)
    expect(problem(s, { TOKEN: 'a\rb' })).toMatch(/one line/)
    expect(problem(s, { NOTE: 'x'.repeat(513) })).toBe('note is longer than 512 characters.')
    expect(value(s, { TOKEN: 'x'.repeat(4096) }).TOKEN).toHaveLength(4096)
    expect(problem(s, { TOKEN: 'x'.repeat(4097) })).toMatch(/longer than 4096/)
  })

  it('refuses unknown names, non-strings and huge pastes', () => {
    const s = [input('NOTE', 'text')]
    expect(problem(s, { OTHER: 'x' })).toBe('The step has no input named OTHER.')
    expect(problem(s, { NOTE: 5 })).toMatch(/must be text/)
    expect(problem(s, { NOTE: 'x'.repeat(1_000_000) })).toMatch(/longer than 4096/)
  })

  it('applies defaults, enforces required only when asked, and never defaults a secret', () => {
    const s = [input('PORT', 'port', { default: '18789' }), input('USER', 'unix-user', { required: true }), input('TOKEN', 'secret', { required: true, default: 'never' })]
    expect(problem(s, {})).toBe('user is required.')
    expect(problem(s, { USER: 'oc' })).toBe('token is required.')
    expect(value(s, { USER: 'oc', TOKEN: 't' })).toEqual({ PORT: '18789', USER: 'oc', TOKEN: 't' })
    expect(inputSchema(s, { requireAll: false }).parse({})).toEqual({ PORT: '18789' })
    expect(inputSchema(s, { requireAll: false }).parse({ USER: '' })).toEqual({ PORT: '18789' })
  })

  it('splits plain from secret values', () => {
    const s = [input('USER', 'unix-user'), input('TOKEN', 'secret')]
    expect(plainInputs(s, { USER: 'oc', TOKEN: 't' })).toEqual({ USER: 'oc' })
    expect(secretInputs(s, { USER: 'oc', TOKEN: 't' })).toEqual({ TOKEN: 't' })
  })
})

describe('inputsPayload', () => {
  it('bounds names, values and count on the wire', () => {
    expect(inputsPayload.safeParse({ OK_1: 'x' }).success).toBe(true)
    expect(inputsPayload.safeParse({ lower: 'x' }).success).toBe(false)
    expect(inputsPayload.safeParse({ A: 'x'.repeat(4097) }).success).toBe(false)
    expect(inputsPayload.safeParse(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`N${i}`, 'x']))).success).toBe(false)
  })
})

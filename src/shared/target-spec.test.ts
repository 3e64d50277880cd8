import { describe, expect, it } from 'vitest'
import { hostProblem, parseSshUrl, sshTargetSchema, targetKey, targetLabel, validateTarget, wslTargetSchema } from './target-spec'

describe('parseSshUrl', () => {
  it('accepts ordinary targets', () => {
    expect(parseSshUrl('ssh://ocss@10.231.0.2:2222')).toEqual({ ok: true, value: { kind: 'ssh', user: 'ocss', host: '10.231.0.2', port: 2222 } })
    expect(parseSshUrl('ssh://ubuntu@vm-01.lan')).toMatchObject({ ok: true, value: { host: 'vm-01.lan', port: 22 } })
    expect(parseSshUrl('ssh://ubuntu@[fd00::1]:22')).toMatchObject({ ok: true, value: { host: 'fd00::1' } })
    expect(parseSshUrl('ssh://ubuntu@vm', '/home/me/.ssh/id_ed25519')).toMatchObject({ ok: true, value: { identityFile: '/home/me/.ssh/id_ed25519' } })
  })

  const hostile: [string, RegExp][] = [
    ['ssh://ocss@-oProxyCommand=id', /must not start with "-"/],
    ['ssh://-oProxyCommand=id@host', /must not start with "-"/],
    ['ssh://user@host;id', /not allowed/],
    ['ssh://user@$(id)', /not allowed/],
    ['ssh://user@`id`', /not allowed/],
    ['ssh://user@host\nid', /control characters|look like/],
    ['ssh://us\ner@host', /lower-case letters|look like/],
    ['ssh://user@host:0', /1 to 65535/],
    ['ssh://user@host:70000', /1 to 65535/],
    ['ssh://user@host:22x', /whole number/],
    ['ssh://user@host|nc', /not allowed/],
    ['ssh://user@host&', /not allowed/],
    ['ssh://root;id@host', /lower-case letters/],
    ['ssh://user@' + 'a'.repeat(500), /too long/],
    ['user@host', /must look like/],
    ['ssh://user@host:22/extra', /look like/],
  ]
  for (const [input, message] of hostile) {
    it(`refuses ${JSON.stringify(input.slice(0, 40))} with a clear message`, () => {
      const r = parseSshUrl(input)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.message).toMatch(message)
    })
  }

  it('refuses an identity path that looks like an option', () => {
    const r = parseSshUrl('ssh://u@h', '-oProxyCommand=id')
    expect(r.ok).toBe(false)
  })
})

describe('host validation', () => {
  it('accepts names and addresses, refuses numeric-only TLDs and bad labels', () => {
    expect(hostProblem('proxmox-vm.home.arpa')).toBeNull()
    expect(hostProblem('192.168.1.20')).toBeNull()
    expect(hostProblem('999.1.1.1')).not.toBeNull()
    expect(hostProblem('a..b')).not.toBeNull()
    expect(hostProblem('-a')).not.toBeNull()
    expect(hostProblem('a b')).not.toBeNull()
  })

  it.each(['0x7f000001', '0X7F000001', '0x7f.0.0.1', '1.0x1', '0177.0.0.1', '127.0.0.01', '0x', '0xcafe'])('refuses %s: inet_aton would read it as an IPv4 address the label does not show', (host) => {
    expect(hostProblem(host)).toMatch(/looks like an IPv4 address in hex, octal or short form; write it as four decimal numbers/)
  })

  it('still accepts names that merely contain hex-looking labels, and plain addresses', () => {
    for (const host of ['0xdead.example.com', 'x0x7f', '10.0.0.2', '0.0.0.0', 'fd00::1']) expect(hostProblem(host), host).toBeNull()
  })
})

describe('targetLabel', () => {
  it('brackets an IPv6 address, so the port cannot be read as part of it', () => {
    expect(targetLabel({ kind: 'ssh', user: 'u', host: '::1', port: 2299 })).toBe('u@[::1]:2299')
    expect(targetLabel({ kind: 'ssh', user: 'u', host: 'fd00::1', port: 22 })).toBe('u@[fd00::1]')
    expect(targetLabel({ kind: 'ssh', user: 'u', host: '10.0.0.2', port: 2222 })).toBe('u@10.0.0.2:2222')
    expect(targetLabel({ kind: 'ssh', user: 'u', host: 'vm.lan', port: 22 })).toBe('u@vm.lan')
  })
})

describe('schemas', () => {
  it('rejects unknown keys (renderer cannot smuggle extra fields)', () => {
    expect(sshTargetSchema.safeParse({ kind: 'ssh', user: 'a', host: 'h', port: 22, command: 'id' }).success).toBe(false)
  })
  it('validates WSL distro names', () => {
    expect(validateTarget(wslTargetSchema, { kind: 'wsl', distro: 'Ubuntu-24.04' }).ok).toBe(true)
    expect(validateTarget(wslTargetSchema, { kind: 'wsl', distro: '-u root' }).ok).toBe(false)
    expect(validateTarget(wslTargetSchema, { kind: 'wsl', distro: 'Ubuntu;id' }).ok).toBe(false)
  })
  it('builds stable keys', () => {
    expect(targetKey({ kind: 'ssh', user: 'u', host: 'fd00::1', port: 22 })).toBe('ssh://u@[fd00::1]:22')
    expect(targetKey({ kind: 'wsl', distro: 'Ubuntu' })).toBe('wsl://Ubuntu')
  })
})

describe('WSL distro names', () => {
  const ok = (distro: string) => validateTarget(wslTargetSchema, { kind: 'wsl', distro }).ok
  it('accepts ordinary names, inner spaces and non-ASCII letters and digits', () => {
    for (const name of ['Ubuntu-24.04', 'Ubuntu', 'kali-linux', 'My Distro', 'Über Linux 2', 'Дебиан', '開発 環境', 'Café_1.0', 'a', 'x'.repeat(64)]) {
      expect(ok(name), name).toBe(true)
    }
  })
  const hostile = [
    '-u root', '--exec id', '-', ' Ubuntu', 'Ubuntu --exec calc.exe', 'x --shutdown', 'x -d', 'Ubuntu -', 'a .b', 'a _b', 'a \u0301b', 'Ubuntu ', 'My  Distro', 'Ubuntu;id', 'Ubuntu && id', '$(id)', '`id`', 'a|b', 'a>b', 'a<b',
    'a"b', "a'b", 'a\\b', 'a/b', 'a*', 'a?', 'a\nb', 'a\tb', 'a\rb', 'a\0b', 'a\x7fb', 'a\u00a0b', 'a\u2028b', 'x'.repeat(65), '', '.hidden', '_x',
  ]
  for (const name of hostile) {
    it(`refuses ${JSON.stringify(name.slice(0, 20))}`, () => {
      const r = validateTarget(wslTargetSchema, { kind: 'wsl', distro: name })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.message).toMatch(/^distro: (The distribution name may contain|Too big)/)
    })
  }
})

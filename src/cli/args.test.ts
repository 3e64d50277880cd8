import { describe, expect, it } from 'vitest'
import { parseCli } from './args'

describe('CLI arguments', () => {
  it('parses verify with every option', () => {
    const r = parseCli(['verify', '--target', 'ssh://ocss@10.0.0.2:2222', '--identity', '/k/id', '--host-key', `SHA256:${'A'.repeat(43)}`, '--sudo-password-stdin', '--json'])
    expect(r).toEqual({
      ok: true,
      command: { name: 'verify', target: { kind: 'ssh', user: 'ocss', host: '10.0.0.2', port: 2222, identityFile: '/k/id' }, hostKey: `SHA256:${'A'.repeat(43)}`, sudoPasswordStdin: true, json: true },
    })
  })

  it('accepts wsl:DISTRO and wsl://DISTRO, with an optional user', () => {
    expect(parseCli(['verify', '--target', 'wsl:Ubuntu-24.04'])).toMatchObject({ ok: true, command: { target: { kind: 'wsl', distro: 'Ubuntu-24.04' } } })
    expect(parseCli(['verify', '--target', 'wsl://Ubuntu?user=me'])).toMatchObject({ ok: true, command: { target: { kind: 'wsl', distro: 'Ubuntu', user: 'me' } } })
    expect(parseCli(['verify', '--target', 'wsl:-u root']).ok).toBe(false)
  })

  it('parses status and help', () => {
    expect(parseCli(['status', '--json'])).toEqual({ ok: true, command: { name: 'status', json: true } })
    expect(parseCli([])).toEqual({ ok: true, command: { name: 'help' } })
  })

  it('parses report with a format and an output file', () => {
    expect(parseCli(['report', '--format', 'html', '--out', 'r.html'])).toEqual({ ok: true, command: { name: 'report', format: 'html', out: 'r.html' } })
    expect(parseCli(['report', '--format', 'md', '--out', '/tmp/r.md'])).toMatchObject({ ok: true, command: { format: 'md' } })
    expect(parseCli(['report', '--format', 'json', '--out', 'r.json'])).toMatchObject({ ok: true, command: { format: 'json' } })
  })

  it('never takes the sudo password as an argument', () => {
    const r = parseCli(['verify', '--target', 'ssh://u@h', '--sudo-password', 'hunter2'])
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toMatch(/never taken as an argument/)
      expect(r.message).not.toContain('hunter2')
    }
  })

  it('does not echo a stray argument (it may be a password typed in the wrong place)', () => {
    const r = parseCli(['verify', 'hunter2', '--target', 'ssh://u@h'])
    expect(r).toEqual({ ok: false, message: 'Unexpected extra argument; it is not shown.' })
  })

  it.each([
    [['verify'], /needs --target/],
    [['verify', '--target', 'ssh://u@-oProxyCommand=x'], /must not start with "-"/],
    [['verify', '--target', 'ssh://u@h', '--host-key', 'MD5:aa'], /SHA256/],
    [['verify', '--target', 'wsl://Ubuntu', '--host-key', `SHA256:${'A'.repeat(43)}`], /ssh:\/\/ targets only/],
    [['status', '--target', 'ssh://u@h'], /never connects/],
    [['frobnicate'], /Unknown command/],
    [['report', '--out', 'r.html'], /needs --format html\|md\|json/],
    [['report', '--format', 'pdf', '--out', 'r.pdf'], /needs --format/],
    [['report', '--format', 'html'], /needs --out FILE/],
    [['report', '--format', 'html', '--out', 'r.html', '--target', 'ssh://u@h'], /never connects/],
    [['status', '--format', 'html'], /belong to the report command/],
    [['verify', '--target', 'http://u@h'], /must look like/],
  ])('refuses %j', (argv, message) => {
    const r = parseCli(argv)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

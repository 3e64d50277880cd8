import { describe, expect, it } from 'vitest'
import { parseAuthorizedKey, sessionFindings } from './sudo-guard'

const BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIBm0c0YbNpyzXlGzJ2bzCHk0qVv7bZp4YzD5aGZ6kW1p'
const OTHER = 'AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKeyOtherKey12'

function out(lines: readonly string[], extra: { rc?: boolean; env?: boolean; pue?: string } = {}): string {
  return [
    '### authorized-keys',
    'file /home/u/.ssh/authorized_keys',
    ...lines.map((l) => `line ${l}`),
    '### rc',
    extra.rc ? 'present' : 'absent',
    '### environment',
    extra.env ? 'present' : 'absent',
    '### permit-user-environment',
    extra.pue ?? 'no',
  ].join('\n')
}

describe('authorized_keys lines', () => {
  it('reads options with quoted commas and spaces, and keys without options', () => {
    expect(parseAuthorizedKey(`ssh-ed25519 ${BLOB} me@pc`)).toEqual({ options: [], type: 'ssh-ed25519', blob: BLOB })
    const k = parseAuthorizedKey(`no-agent-forwarding,command="/bin/echo a, b \\"c\\"",permitopen="127.0.0.1:18789" ssh-ed25519 ${BLOB} x`)
    expect(k?.blob).toBe(BLOB)
    expect(k?.options.map((o) => o.name)).toEqual(['no-agent-forwarding', 'command', 'permitopen'])
    expect(parseAuthorizedKey('# a comment')).toBeNull()
    expect(parseAuthorizedKey('garbage')).toBeNull()
  })
})

describe('what the login account can read the sudo password with', () => {
  it('a forced command on the key in use is found, with where and why', () => {
    const f = sessionFindings(out([`ssh-ed25519 ${OTHER} other`, `command="/home/u/.evil" ssh-ed25519 ${BLOB} app`]), BLOB)
    expect(f).toHaveLength(1)
    expect(f[0]).toMatch(/the key in use \(\/home\/u\/\.ssh\/authorized_keys:2\) has command="\/home\/u\/\.evil", a forced command/)
  })

  it('environment= is found too; option names are case-insensitive', () => {
    expect(sessionFindings(out([`Environment="BASH_ENV=/tmp/x" ssh-ed25519 ${BLOB} app`]), BLOB)[0]).toMatch(/environment=/)
  })

  it('the restrictions the app installs on its own key line are fine', () => {
    expect(sessionFindings(out([`no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:18789" ssh-ed25519 ${BLOB} openclaw-secure-setup`]), BLOB)).toEqual([])
  })

  it('only the key in use counts when it is listed; every line when it is not, or unknown', () => {
    const lines = [`command="rrsync /backup" ssh-ed25519 ${OTHER} backup`, `ssh-ed25519 ${BLOB} app`]
    expect(sessionFindings(out(lines), BLOB)).toEqual([])
    expect(sessionFindings(out(lines), null)[0]).toMatch(/cannot tell which key.*command="rrsync/)
    expect(sessionFindings(out([lines[0] ?? '']), BLOB)[0]).toMatch(/not listed/)
  })

  it('~/.ssh/rc is found unless the key line forbids it (no-user-rc, restrict)', () => {
    expect(sessionFindings(out([`ssh-ed25519 ${BLOB} app`], { rc: true }), BLOB)[0]).toMatch(/~\/\.ssh\/rc exists/)
    expect(sessionFindings(out([`no-user-rc ssh-ed25519 ${BLOB} app`], { rc: true }), BLOB)).toEqual([])
    expect(sessionFindings(out([`restrict,pty ssh-ed25519 ${BLOB} app`], { rc: true }), BLOB)).toEqual([])
    expect(sessionFindings(out([`restrict,user-rc ssh-ed25519 ${BLOB} app`], { rc: true }), BLOB)).toHaveLength(1)
  })

  it('~/.ssh/environment counts only when sshd reads it (PermitUserEnvironment)', () => {
    expect(sessionFindings(out([`ssh-ed25519 ${BLOB} app`], { env: true, pue: 'no' }), BLOB)).toEqual([])
    expect(sessionFindings(out([`ssh-ed25519 ${BLOB} app`], { env: true, pue: 'yes' }), BLOB)[0]).toMatch(/PermitUserEnvironment yes/)
    expect(sessionFindings(out([`ssh-ed25519 ${BLOB} app`], { env: true, pue: 'LANG,LC_*' }), BLOB)).toHaveLength(1)
  })
})

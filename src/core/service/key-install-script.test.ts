import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import script from './key-install.sh?raw'

/** Runs the fixed remote script with a local sh (dash), as `sh -c <script> ocss-key-install <nonce>` over ssh. */
function install(home: string, line: string, nonce = 'abcdef0123456789') {
  const r = spawnSync('sh', ['-c', script, 'ocss-key-install', nonce], { input: `${line}\n`, env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' })
  return { code: r.status, out: r.stdout + r.stderr }
}
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVzZXJrZXlibG9iMDEyMzQ1Njc4OWFiY2RlZmdoaWpr openclaw-secure-setup'
const mode = (p: string) => statSync(p).mode & 0o777
const OPTS = 'no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:18789"'

describe('key-install.sh (real sh, temp HOME)', () => {
  it('creates ~/.ssh 700 and authorized_keys 600 with the key, once', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    const first = install(home, KEY)
    expect(first.out).toContain('OCSS-KEY-READY-abcdef0123456789')
    expect(first.out).toContain('OCSS-KEY-DONE-abcdef0123456789')
    expect(mode(join(home, '.ssh'))).toBe(0o700)
    expect(mode(join(home, '.ssh/authorized_keys'))).toBe(0o600)
    expect(install(home, KEY).out).toContain('already authorised')
    expect(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8')).toBe(`${OPTS} ${KEY}\n`)
  })

  it('keeps existing keys, adds a newline the file lacks, and sees a key behind options as present', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    mkdirSync(join(home, '.ssh'), { mode: 0o755 })
    writeFileSync(join(home, '.ssh/authorized_keys'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOTHER me@laptop', { mode: 0o644 })
    install(home, KEY)
    expect(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8')).toBe(`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOTHER me@laptop\n${OPTS} ${KEY}\n`)
    expect(mode(join(home, '.ssh'))).toBe(0o700)
    expect(mode(join(home, '.ssh/authorized_keys'))).toBe(0o600)
    const home2 = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    mkdirSync(join(home2, '.ssh'))
    writeFileSync(join(home2, '.ssh/authorized_keys'), `from="10.0.0.0/8" ${KEY.replace(' openclaw-secure-setup', ' old-comment')}\n`)
    expect(install(home2, KEY).out).toContain('Restricted the key already in')
    // The person's own option stays, ours go in front; the key is not added a second time.
    expect(readFileSync(join(home2, '.ssh/authorized_keys'), 'utf8')).toBe(`${OPTS},from="10.0.0.0/8" ${KEY.replace(' openclaw-secure-setup', ' old-comment')}\n`)
    expect(install(home2, KEY).out).toContain('already authorised')
  })

  it('upgrades an unrestricted line of the same key in place (never a second line); other lines are untouched', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    mkdirSync(join(home, '.ssh'), { mode: 0o700 })
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOTHER me@laptop'
    writeFileSync(join(home, '.ssh/authorized_keys'), `${other}\n${KEY}\n# a comment\n`, { mode: 0o600 })
    const r = install(home, KEY)
    expect(r.code).toBe(0)
    expect(r.out).toContain('Restricted the key already in ~/.ssh/authorized_keys.')
    expect(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8')).toBe(`${other}\n${OPTS} ${KEY}\n# a comment\n`)
    expect(mode(join(home, '.ssh/authorized_keys'))).toBe(0o600)
    expect(readdirSync(join(home, '.ssh'))).toEqual(['authorized_keys']) // no temp file left behind
    expect(install(home, KEY).out).toContain('already authorised')
    expect(readFileSync(join(home, '.ssh/authorized_keys'), 'utf8')).toBe(`${other}\n${OPTS} ${KEY}\n# a comment\n`)
  })

  it.each([
    ['a shell command', `${KEY}; touch pwned`],
    ['another key type', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ openclaw-secure-setup'],
    ['a second line smuggled in the comment', `${KEY} extra words`],
    ['an empty line', ''],
  ])('refuses %s and writes nothing', (_what, line) => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    const r = install(home, line)
    expect(r.code).toBe(3)
    expect(r.out).toMatch(/OCSS-KEY-FAIL-abcdef0123456789 the line is not an ed25519 public key/)
    expect(() => statSync(join(home, '.ssh'))).toThrow()
  })

  it('refuses a bad marker argument before reading anything', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-home-'))
    expect(install(home, KEY, 'x;y').code).toBe(2)
  })
})

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appKeyPaths, ensureAppKey, existingAppKey, PUBLIC_KEY_LINE } from './app-key'

const fresh = () => mkdtempSync(join(tmpdir(), 'ocss-key-'))
const mode = (p: string) => statSync(p).mode & 0o777

describe('app key (real ssh-keygen, real files)', () => {
  it('is created as ed25519 with mode 600 in a 700 folder, and reused afterwards', async () => {
    const dir = fresh()
    expect(existingAppKey(dir)).toBeNull()
    const key = await ensureAppKey(dir)
    const p = appKeyPaths(dir)
    expect(key.privateKeyFile).toBe(p.privateKeyFile)
    expect(mode(p.dir)).toBe(0o700)
    expect(mode(p.privateKeyFile)).toBe(0o600)
    expect(readFileSync(p.privateKeyFile, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY')
    expect(key.publicKey).toMatch(PUBLIC_KEY_LINE)
    expect(key.publicKey.endsWith(' openclaw-secure-setup')).toBe(true)
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    const before = readFileSync(p.privateKeyFile, 'utf8')
    const again = await ensureAppKey(dir)
    expect(again).toEqual(key)
    expect(readFileSync(p.privateKeyFile, 'utf8')).toBe(before)
    expect(existingAppKey(dir)).toEqual(key)
  })

  it('runs ssh-keygen with an argument vector that never holds key material', async () => {
    const dir = fresh()
    const rec = mkdtempSync(join(tmpdir(), 'ocss-argv-'))
    const log = join(rec, 'argv.log')
    writeFileSync(join(rec, 'ssh-keygen'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec /usr/bin/ssh-keygen "$@"\n`)
    chmodSync(join(rec, 'ssh-keygen'), 0o755)
    const key = await ensureAppKey(dir, join(rec, 'ssh-keygen'))
    rmSync(key.publicKeyFile) // forces the `ssh-keygen -y` path too
    const again = await ensureAppKey(dir, join(rec, 'ssh-keygen'))
    expect(again.fingerprint).toBe(key.fingerprint)
    const argv = readFileSync(log, 'utf8')
    expect(argv).toContain(`-t ed25519 -N  -C openclaw-secure-setup -f ${key.privateKeyFile}`)
    const secret = readFileSync(key.privateKeyFile, 'utf8').split('\n').slice(1, -2).join('')
    expect(secret.length).toBeGreaterThan(100)
    for (const chunk of secret.match(/.{20}/g) ?? []) expect(argv).not.toContain(chunk)
    expect(argv).not.toContain(key.publicKey.split(' ')[1])
  })

  it('fixes loose permissions on the folder and the private key', async () => {
    const dir = fresh()
    const key = await ensureAppKey(dir)
    chmodSync(key.privateKeyFile, 0o644)
    chmodSync(appKeyPaths(dir).dir, 0o755)
    await ensureAppKey(dir)
    expect(mode(key.privateKeyFile)).toBe(0o600)
    expect(mode(appKeyPaths(dir).dir)).toBe(0o700)
  })

  it('refuses a private key that is a symbolic link, and a public key that is not the app’s', async () => {
    const dir = fresh()
    const other = await ensureAppKey(fresh())
    const p = appKeyPaths(dir)
    mkdirSync(p.dir, { mode: 0o700 })
    symlinkSync(other.privateKeyFile, p.privateKeyFile)
    await expect(ensureAppKey(dir)).rejects.toThrow(/symbolic link/)

    const dir2 = fresh()
    await ensureAppKey(dir2)
    writeFileSync(appKeyPaths(dir2).publicKeyFile, 'ssh-rsa AAAAB3NzaC1yc2E something\n')
    await expect(ensureAppKey(dir2)).rejects.toThrow(/not an ed25519 public key/)
  })
})

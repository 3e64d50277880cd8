import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blobKeyType, fingerprintOf, hostKeyProblem, isStrictBase64, pickHostKey } from './host-key'

describe('host keys', () => {
  it('computes the same SHA-256 fingerprint as ssh-keygen -l', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-hk-'))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')])
    const pub = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ')
    const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1]
    expect(fingerprintOf(pub[1] ?? '')).toBe(expected)
  })

  it('prefers ed25519 from ssh-keyscan output and ignores comments', () => {
    const out = '# 10.0.0.2:22 SSH-2.0-OpenSSH_9.2p1\n10.0.0.2 ssh-rsa AAAAB3NzaC1yc2E=\n10.0.0.2 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n'
    expect(pickHostKey(out)?.type).toBe('ssh-ed25519')
    expect(pickHostKey('')).toBeNull()
  })
})

describe('hostKeyProblem (real keys from ssh-keygen)', () => {
  it.each([
    ['ed25519', 'ssh-ed25519'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
    ['rsa', 'ssh-rsa'],
  ])('a real %s key is consistent, and its fingerprint is what ssh-keygen -l prints', (t, type) => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss hk Zoë-'))
    execFileSync('ssh-keygen', ['-q', '-t', t, '-N', '', '-f', join(dir, 'k')])
    const [kType, blob] = readFileSync(join(dir, 'k.pub'), 'utf8').trim().split(' ')
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1]
    const key = { type: kType ?? '', blob: blob ?? '', fingerprint: fingerprintOf(blob ?? '') }
    expect(key.type).toBe(type)
    expect(key.fingerprint).toBe(printed)
    expect(blobKeyType(key.blob)).toBe(type)
    expect(hostKeyProblem(key)).toBeNull()
    expect(hostKeyProblem({ ...key, blob: `${key.blob}\n` })).toMatch(/not plain base64/)
    expect(hostKeyProblem({ ...key, type: type === 'ssh-rsa' ? 'ssh-ed25519' : 'ssh-rsa' })).toMatch(`the key says it is ${type}`)
  })

  it('refuses non-canonical base64 and blobs that are not SSH keys', () => {
    expect(isStrictBase64('AAAA')).toBe(true)
    expect(isStrictBase64('AAA=')).toBe(true)
    expect(isStrictBase64('AAB=')).toBe(false) // non-zero padding bits: decodes to the same bytes as AAA=
    expect(isStrictBase64('AA AA')).toBe(false)
    expect(isStrictBase64('AAAA\n')).toBe(false)
    expect(isStrictBase64('')).toBe(false)
    expect(blobKeyType('AAAA')).toBeNull()
    expect(blobKeyType(Buffer.from('\u0000\u0000\u0000\u0004ab\ncd').toString('base64'))).toBeNull()
    expect(hostKeyProblem({ type: 'ssh-ed25519', blob: 'AAAA', fingerprint: fingerprintOf('AAAA') })).toBe('the key data is not an SSH public key')
  })
})

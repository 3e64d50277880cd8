import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fingerprintOf, pickHostKey } from './host-key'

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

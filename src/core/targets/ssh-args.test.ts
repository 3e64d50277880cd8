import { describe, expect, it } from 'vitest'
import { shQuote, sshBaseArgs } from './ssh-args'

const spec = { kind: 'ssh' as const, user: 'ocss', host: 'vm.lan', port: 2222, identityFile: '/k/id' }

describe('ssh argument vector', () => {
  it('puts the destination last, after "--", and never reads user config', () => {
    const a = sshBaseArgs(spec, { knownHostsFile: '/d/kh', keyType: 'ssh-ed25519', mode: 'control' })
    expect(a.slice(-2)).toEqual(['--', 'vm.lan'])
    expect(a.slice(0, 2)).toEqual(['-F', 'none'])
    expect(a).toContain('StrictHostKeyChecking=yes')
    expect(a).toContain('UserKnownHostsFile=/d/kh')
    expect(a).toContain('HostKeyAlgorithms=ssh-ed25519')
    expect(a).toContain('BatchMode=yes')
    expect(a.join(' ')).toContain('-p 2222 -l ocss')
    expect(a.join(' ')).toContain('-i /k/id -o IdentitiesOnly=yes')
  })

  it('allocates a TTY for the terminal and allows prompts', () => {
    const a = sshBaseArgs(spec, { knownHostsFile: '/d/kh', keyType: 'ssh-rsa', mode: 'terminal' })
    expect(a).toContain('-tt')
    expect(a).not.toContain('BatchMode=yes')
    expect(a).toContain('HostKeyAlgorithms=rsa-sha2-512,rsa-sha2-256')
  })

  it('quotes words for a POSIX shell', () => {
    expect(shQuote("a'b")).toBe(`'a'\\''b'`)
  })
})

describe('extra options', () => {
  it('go before "--" so the destination stays last', () => {
    const a = sshBaseArgs(spec, { knownHostsFile: '/d/kh', keyType: 'ssh-ed25519', mode: 'control', extra: ['-o', 'PasswordAuthentication=no'] })
    expect(a.slice(-4)).toEqual(['-o', 'PasswordAuthentication=no', '--', 'vm.lan'])
  })
})

import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error'
import { shQuote, sshBaseArgs, sshConfigPath, sshStoredPath } from './ssh-args'

const spec = { kind: 'ssh' as const, user: 'ocss', host: 'vm.lan', port: 2222, identityFile: '/k/id' }

describe('ssh argument vector', () => {
  it('puts the destination last, after "--", and never reads user config', () => {
    const a = sshBaseArgs(spec, { knownHostsFile: 'a1.known_hosts', keyType: 'ssh-ed25519', mode: 'control' })
    expect(a.slice(-2)).toEqual(['--', 'vm.lan'])
    expect(a.slice(0, 2)).toEqual(['-F', 'none'])
    expect(a).toContain('StrictHostKeyChecking=yes')
    expect(a).toContain('UserKnownHostsFile=a1.known_hosts')
    expect(a).toContain('HostKeyAlgorithms=ssh-ed25519')
    expect(a).toContain('BatchMode=yes')
    expect(a.join(' ')).toContain('-p 2222 -l ocss')
    expect(a.join(' ')).toContain('-o IdentityFile="/k/id" -o IdentitiesOnly=yes')
    expect(a).not.toContain('-i')
  })

  it('allocates a TTY for the terminal and allows prompts', () => {
    const a = sshBaseArgs(spec, { knownHostsFile: 'a1.known_hosts', keyType: 'ssh-rsa', mode: 'terminal' })
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
    const a = sshBaseArgs(spec, { knownHostsFile: 'a1.known_hosts', keyType: 'ssh-ed25519', mode: 'control', extra: ['-o', 'PasswordAuthentication=no'] })
    expect(a.slice(-4)).toEqual(['-o', 'PasswordAuthentication=no', '--', 'vm.lan'])
  })
})

describe('paths handed to ssh', () => {
  it('names the known_hosts file only as a plain name relative to the folder ssh starts in', () => {
    for (const bad of ['/d/kh', 'a b', '../kh', '-kh', 'k%h', 'k"h', '']) {
      expect(() => sshBaseArgs(spec, { knownHostsFile: bad, keyType: 'ssh-ed25519', mode: 'control' })).toThrow(/plain name/)
    }
  })

  it('quotes a key path so that ssh reads it back as one file, with % doubled', () => {
    const file = `/home/Jörg Müller's PC/.ssh/my key %d "x" \\q`
    expect(sshStoredPath(file, 'linux')).toBe(`/home/Jörg Müller's PC/.ssh/my key %%d "x" \\q`)
    expect(sshConfigPath(file, 'linux')).toBe(`"/home/Jörg Müller's PC/.ssh/my key %%d \\"x\\" \\\\q"`)
    const a = sshBaseArgs({ ...spec, identityFile: file }, { knownHostsFile: 'kh', keyType: 'ssh-ed25519', mode: 'control', platform: 'linux' })
    expect(a).toContain(`IdentityFile=${sshConfigPath(file, 'linux')}`)
  })

  it('writes Windows paths with forward slashes (Windows mocked: no Windows here)', () => {
    expect(sshStoredPath('C:\\Users\\Zoë Dupré\\AppData\\Roaming\\OpenClaw Secure Setup\\ssh\\id_ed25519', 'win32')).toBe('C:/Users/Zoë Dupré/AppData/Roaming/OpenClaw Secure Setup/ssh/id_ed25519')
    expect(sshConfigPath('C:\\Users\\a%b\\k', 'win32')).toBe('"C:/Users/a%%b/k"')
  })

  it('refuses ${ and control characters, which ssh would expand or cannot take', () => {
    for (const bad of ['/tmp/${HOME}/k', '/tmp/a\nb/k', '/tmp/a\u0007/k']) {
      expect(() => sshStoredPath(bad, 'linux')).toThrow(AppError)
    }
  })
})

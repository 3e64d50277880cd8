import { describe, expect, it } from 'vitest'
import { hardenProgramLookup, programPath, type LookupEnv } from './program-path'

function win(files: readonly string[], env: NodeJS.ProcessEnv): LookupEnv {
  const have = new Set(files.map((f) => f.toLowerCase()))
  return { platform: 'win32', env, isFile: (f) => have.has(f.toLowerCase()) }
}

describe('program lookup on Windows (Windows mocked: paths only, no Windows here)', () => {
  const env = { SystemRoot: 'C:\\Windows', PATH: '.;C:\\Tools;relative\\bin;C:\\Program Files\\Git\\usr\\bin', PATHEXT: '.COM;.EXE;.BAT' }

  it('takes the inbox OpenSSH and wsl.exe from System32 by absolute path', () => {
    const l = win(['C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'C:\\Windows\\System32\\OpenSSH\\ssh-keygen.exe', 'C:\\Windows\\System32\\OpenSSH\\ssh-keyscan.exe', 'C:\\Windows\\System32\\wsl.exe', 'C:\\Tools\\ssh.exe'], env)
    expect(programPath('ssh', l)).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe')
    expect(programPath('ssh-keygen', l)).toBe('C:\\Windows\\System32\\OpenSSH\\ssh-keygen.exe')
    expect(programPath('ssh-keyscan', l)).toBe('C:\\Windows\\System32\\OpenSSH\\ssh-keyscan.exe')
    expect(programPath('wsl.exe', l)).toBe('C:\\Windows\\System32\\wsl.exe')
  })

  it('falls back to absolute PATH entries with PATHEXT, never the current folder or a relative entry', () => {
    const planted = win(['ssh.exe', '.\\ssh.exe', 'relative\\bin\\ssh.exe', 'C:\\Program Files\\Git\\usr\\bin\\ssh.exe'], env)
    expect(programPath('ssh', planted)).toBe('C:\\Program Files\\Git\\usr\\bin\\ssh.exe')
    expect(programPath('ssh', win(['.\\ssh.exe', 'ssh.exe'], env))).toBe('ssh.exe')
  })

  it('reads SystemRoot and PATH whatever their case, as Windows does', () => {
    expect(programPath('wsl.exe', win(['D:\\Win\\System32\\wsl.exe'], { SYSTEMROOT: 'D:\\Win', Path: '' }))).toBe('D:\\Win\\System32\\wsl.exe')
  })
})

describe('program lookup elsewhere', () => {
  it('skips empty and relative PATH entries (they mean the current folder)', () => {
    const l: LookupEnv = { platform: 'linux', env: { PATH: ':.:bin:/opt/ssh/bin:/usr/bin' }, isFile: (f) => ['ssh', './ssh', 'bin/ssh', '/usr/bin/ssh'].includes(f) }
    expect(programPath('ssh', l)).toBe('/usr/bin/ssh')
  })

  it('finds the real ssh on this machine by absolute path', () => {
    expect(programPath('ssh')).toMatch(/^\/.*\/ssh$/)
  })

  it('sets NoDefaultCurrentDirectoryInExePath', () => {
    const env: NodeJS.ProcessEnv = {}
    hardenProgramLookup(env)
    expect(env.NoDefaultCurrentDirectoryInExePath).toBe('1')
  })
})

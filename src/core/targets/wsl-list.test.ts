import { describe, expect, it } from 'vitest'
import { decodeWslOutput, parseListQuiet, parseListVerbose } from './wsl-list'
import { wslArgs } from './wsl-target'

const verbose = '  NAME            STATE           VERSION\r\n* Ubuntu-24.04    Running         2\r\n  docker-desktop  Stopped         2\r\n'

describe('wsl.exe output', () => {
  it('decodes UTF-16LE as wsl.exe prints it, and UTF-8 with WSL_UTF8=1', () => {
    expect(decodeWslOutput(Buffer.from(verbose, 'utf16le'))).toBe(verbose.replace(/\r\n/g, '\n'))
    expect(decodeWslOutput(Buffer.from(verbose, 'utf8'))).toBe(verbose.replace(/\r\n/g, '\n'))
    expect(decodeWslOutput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ubuntu\r\n', 'utf16le')]))).toBe('Ubuntu\n')
  })

  it('parses the verbose list without relying on the localised state words', () => {
    const german = verbose.replace('Running', 'Wird ausgeführt').replace('Stopped', 'Beendet')
    for (const text of [verbose, german]) {
      const list = parseListVerbose(decodeWslOutput(Buffer.from(text, 'utf16le')))
      expect(list.map((d) => [d.name, d.isDefault, d.version])).toEqual([
        ['Ubuntu-24.04', true, 2],
        ['docker-desktop', false, 2],
      ])
    }
  })

  it('parses the quiet list', () => {
    expect(parseListQuiet('Ubuntu-24.04\ndocker-desktop\n\n')).toEqual(['Ubuntu-24.04', 'docker-desktop'])
  })

  it('builds argument vectors from validated values', () => {
    expect(wslArgs({ kind: 'wsl', distro: 'Ubuntu', user: 'me' }, { exec: ['bash', '-s'] })).toEqual(['-d', 'Ubuntu', '-u', 'me', '--exec', 'bash', '-s'])
    expect(wslArgs({ kind: 'wsl', distro: 'Ubuntu', user: 'me' }, { asRoot: true, exec: ['id'] })).toEqual(['-d', 'Ubuntu', '-u', 'root', '--exec', 'id'])
    expect(wslArgs({ kind: 'wsl', distro: 'Ubuntu' }, {})).toEqual(['-d', 'Ubuntu'])
  })
})

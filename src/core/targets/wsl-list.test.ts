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

describe('wsl.exe lists with spaces and non-ASCII letters in names', () => {
  const names = ['Ubuntu-24.04', 'My Distro', 'Über Linux 2', 'Дебиан', '開発 環境']
  const table = [
    '  NAME            STATE           VERSION',
    '* Ubuntu-24.04    Running         2',
    '  My Distro       Stopped         2',
    '  Über Linux 2    Wird ausgeführt 1',
    '  Дебиан          Stopped         2',
    '  開発 環境       Stopped         2',
  ].join('\r\n')
  it('decodes UTF-16LE even when the names are all non-ASCII', () => {
    expect(decodeWslOutput(Buffer.from('Дебиан\r\n開発 環境\r\n', 'utf16le'))).toBe('Дебиан\n開発 環境\n')
    expect(decodeWslOutput(Buffer.from('Дебиан\r\n', 'utf8'))).toBe('Дебиан\n')
  })
  it('matches rows against the exact names from -l -q', () => {
    const list = parseListVerbose(decodeWslOutput(Buffer.from(`${table}\r\n`, 'utf16le')), names)
    expect(list.map((d) => [d.name, d.isDefault, d.version])).toEqual([
      ['Ubuntu-24.04', true, 2], ['My Distro', false, 2], ['Über Linux 2', false, 1], ['Дебиан', false, 2], ['開発 環境', false, 2],
    ])
  })
  it('without the names, a name ends at two spaces', () => {
    expect(parseListVerbose(table.replace(/\r\n/g, '\n')).map((d) => d.name)).toEqual(names)
  })
  it('parses the quiet list keeping inner spaces', () => {
    expect(parseListQuiet(decodeWslOutput(Buffer.from(names.join('\r\n') + '\r\n', 'utf16le')))).toEqual(names)
  })
})

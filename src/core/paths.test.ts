import { describe, expect, it } from 'vitest'
import { defaultDataDir } from './paths'

describe('the default data folder', () => {
  it('is ~/.config/OpenClaw Secure Setup on Linux, under the HOME it is given', () => {
    expect(defaultDataDir({ HOME: "/home/Jörg Müller's PC" }, 'linux')).toBe("/home/Jörg Müller's PC/.config/OpenClaw Secure Setup")
    expect(defaultDataDir({ HOME: '/h', XDG_CONFIG_HOME: '/x y' }, 'linux')).toBe('/x y/OpenClaw Secure Setup')
  })

  it('is %APPDATA%\\OpenClaw Secure Setup on Windows (Windows mocked: paths only)', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\Zoë Dupré\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\Zoë Dupré\\AppData\\Roaming\\OpenClaw Secure Setup')
    expect(defaultDataDir({ USERPROFILE: 'C:\\Users\\Zoë' }, 'win32')).toBe('C:\\Users\\Zoë\\AppData\\Roaming\\OpenClaw Secure Setup')
  })

  it('takes OCSS_DATA_DIR as an absolute path, so a relative or "-" name never reaches a program as an option', () => {
    expect(defaultDataDir({ OCSS_DATA_DIR: '-odd' }, 'linux')).toBe(`${process.cwd()}/-odd`)
  })
})

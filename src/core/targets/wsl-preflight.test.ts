import { describe, expect, it } from 'vitest'
import type { RawResult } from './run-process'
import { classifyPreflight, wslErrorCode } from './wsl-preflight'

const u16 = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf16le')
const ok = (out: string): RawResult => ({ exitCode: 0, stdout: u16(out), stderr: Buffer.alloc(0) })
const fail = (out: string, exitCode = 255): RawResult => ({ exitCode, stdout: u16(out), stderr: Buffer.alloc(0) })
const VERSION = ok('WSL-Version: 2.6.1.0\nKernelversion: 6.6.87.2-1\nWSLg-Version: 1.0.66\nWindows-Version: 10.0.26100.4652\n')

describe('WSL preflight classification (decided by codes; the German sentences below are never read)', () => {
  it('takes the last path segment of the Wsl/… token, else a 0x… code', () => {
    expect(wslErrorCode('Fehlercode: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED')).toBe('HCS_E_HYPERV_NOT_INSTALLED')
    expect(wslErrorCode('Le code d’erreur : 0x80370102')).toBe('0x80370102')
    expect(wslErrorCode('nothing here')).toBeNull()
  })

  it('missing: wsl.exe absent, optional component, old inbox wsl.exe', () => {
    expect(classifyPreflight({ version: 'ENOENT', status: null, listQuiet: null, listVerbose: null })).toMatchObject({ state: 'missing', reason: 'not-found' })
    expect(classifyPreflight({ version: fail('Das Windows-Subsystem für Linux ist nicht installiert.\nFehlercode: Wsl/WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED\n'), status: null, listQuiet: null, listVerbose: null }))
      .toMatchObject({ state: 'missing', reason: 'optional-component', errorCode: 'WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED' })
    expect(classifyPreflight({ version: fail('Ungültige Befehlszeilenoption: --version\n'), status: null, listQuiet: null, listVerbose: null }))
      .toMatchObject({ state: 'missing', reason: 'update-needed', errorCode: null })
  })

  it('virtualization off from --status, by name or by HRESULT', () => {
    for (const code of ['Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED', '0x80370102', 'Wsl/WSL_E_VIRTUAL_MACHINE_PLATFORM_REQUIRED']) {
      const r = classifyPreflight({ version: VERSION, status: fail(`Virtualisierung ist aus.\nFehlercode: ${code}\n`), listQuiet: ok('Ubuntu\n'), listVerbose: null })
      expect(r).toMatchObject({ state: 'virtualization-off', reason: 'hyperv', wslVersion: '2.6.1.0', kernelVersion: '6.6.87.2', windowsVersion: '10.0.26100.4652' })
    }
  })

  it('no distro: the error code or an empty list', () => {
    expect(classifyPreflight({ version: VERSION, status: ok('Standardversion: 2\n'), listQuiet: fail('Keine Distributionen.\nFehlercode: Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND\n'), listVerbose: null })).toMatchObject({ state: 'no-distro' })
    expect(classifyPreflight({ version: VERSION, status: ok(''), listQuiet: ok(''), listVerbose: null })).toMatchObject({ state: 'no-distro', errorCode: null })
  })

  it('WSL 1 only → wsl1 with the convert command; a WSL 2 distro → ready', () => {
    const verbose = '  NAME          STATE             VERSION\n* Mein Linux    Wird ausgeführt   1\n  Ubuntu        Beendet           2\n'
    const one = classifyPreflight({ version: VERSION, status: ok(''), listQuiet: ok('Mein Linux\n'), listVerbose: ok(verbose.split('\n').slice(0, 2).join('\n')) })
    expect(one).toMatchObject({ state: 'wsl1', next: { command: 'wsl.exe --set-version Mein Linux 2' } })
    const two = classifyPreflight({ version: VERSION, status: ok(''), listQuiet: ok('Mein Linux\nUbuntu\n'), listVerbose: ok(verbose) })
    expect(two.state).toBe('ready')
    expect(two.distros).toEqual([
      { name: 'Mein Linux', isDefault: true, state: 'Wird ausgeführt', version: 1 },
      { name: 'Ubuntu', isDefault: false, state: 'Beendet', version: 2 },
    ])
  })

  it('an unknown --list failure is an error that says what to do, not a guess', () => {
    expect(() => classifyPreflight({ version: VERSION, status: ok(''), listQuiet: fail('kaputt\nFehlercode: Wsl/E_UNEXPECTED\n'), listVerbose: null })).toThrow(/wsl.exe --list failed \(exit code 255, error E_UNEXPECTED\)/)
  })
})

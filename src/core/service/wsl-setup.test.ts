import { describe, expect, it } from 'vitest'
import { installResult } from './wsl-setup'

describe('installer outcome (exit codes and error codes, never text)', () => {
  it('on Windows the MSI codes arrive whole', () => {
    expect(installResult(1602, '', 'win32')).toBe('uac-cancelled')
    expect(installResult(3010, '', 'win32')).toBe('reboot-needed')
    expect(installResult(1641, '', 'win32')).toBe('reboot-needed')
    expect(installResult(0, '', 'win32')).toBe('ok')
    expect(installResult(66, '', 'win32')).toBe('failed') // 1602's low byte means nothing on Windows
    expect(installResult(-1, 'Fehlercode: Wsl/InstallDistro/E_FAIL', 'win32')).toBe('failed')
  })
  it('a POSIX parent sees the low 8 bits (the Linux stand-in)', () => {
    expect(installResult(1602 & 0xff, '', 'linux')).toBe('uac-cancelled')
    expect(installResult(3010 & 0xff, '', 'linux')).toBe('reboot-needed')
    expect(installResult(1, '', 'linux')).toBe('failed')
  })
  it('an error code decides when the exit code does not', () => {
    expect(installResult(-1, 'Abgebrochen.\r\nFehlercode: Wsl/InstallDistro/ERROR_INSTALL_USEREXIT', 'win32')).toBe('uac-cancelled')
    expect(installResult(1, 'Fehlercode: Wsl/InstallDistro/0x80070bc2', 'win32')).toBe('reboot-needed')
  })
})

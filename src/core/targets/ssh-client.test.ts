import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSshClient, isSupported, parseSshVersion } from './ssh-client'

/** A stand-in for an ssh client that cannot exist here (Windows' inbox builds): prints `ssh -V` text and logs calls. */
function fakeSsh(versionText: string): { file: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-sshv-'))
  const file = join(dir, 'ssh')
  const log = join(dir, 'calls.log')
  writeFileSync(file, `#!/bin/sh\necho "$*" >> '${log}'\necho '${versionText}' >&2\nexit 0\n`)
  chmodSync(file, 0o755)
  return { file, log }
}

describe('ssh -V preflight', () => {
  it('parses OpenSSH, the Windows builds and rejects anything else', () => {
    expect(parseSshVersion('OpenSSH_for_Windows_7.7p1, LibreSSL 2.6.5\r\n')).toMatchObject({ major: 7, minor: 7, windows: true })
    expect(parseSshVersion('OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024')).toMatchObject({ major: 9, minor: 2, windows: false })
    expect(parseSshVersion('PuTTY Release 0.81')).toBeNull()
    expect(parseSshVersion('')).toBeNull()
    expect(isSupported({ text: '', major: 7, minor: 6, windows: true })).toBe(false)
    expect(isSupported({ text: '', major: 7, minor: 7, windows: true })).toBe(true)
    expect(isSupported({ text: '', major: 10, minor: 0, windows: false })).toBe(true)
  })

  it("accepts this machine's real OpenSSH client", async () => {
    const v = await checkSshClient('ssh')
    expect(v.text).toMatch(/^OpenSSH_/)
    expect(v.major).toBeGreaterThanOrEqual(7)
  })

  it('accepts Windows 10 inbox OpenSSH 7.7 (stand-in for the Windows client)', async () => {
    const s = fakeSsh('OpenSSH_for_Windows_7.7p1, LibreSSL 2.6.5')
    await expect(checkSshClient(s.file)).resolves.toMatchObject({ major: 7, minor: 7, windows: true })
  })

  it('refuses an older client with what to install (stand-in for an old Windows client)', async () => {
    const s = fakeSsh('OpenSSH_for_Windows_7.6p1, LibreSSL 2.6.4')
    await expect(checkSshClient(s.file)).rejects.toMatchObject({ code: 'CONNECTION_FAILED', message: expect.stringMatching(/too old: OpenSSH_for_Windows_7\.6p1/) })
  })

  it('refuses a program that is not OpenSSH, and a missing one, with a next step', async () => {
    const s = fakeSsh('plink: unknown option "-V"')
    await expect(checkSshClient(s.file)).rejects.toMatchObject({ message: expect.stringMatching(/not an OpenSSH client/), hint: expect.stringMatching(/Install/) })
    await expect(checkSshClient('/nonexistent/ssh')).rejects.toMatchObject({ message: expect.stringMatching(/No ssh client was found/) })
  })
})

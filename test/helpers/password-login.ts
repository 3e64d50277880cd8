import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { knownHostsLine, type Lab } from '../lab/lab'

/** A known_hosts file that pins the lab's host key for plain `ssh` from the tests. */
export function labKnownHosts(lab: Lab): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ocss-kh-')), 'known_hosts')
  writeFileSync(file, `${knownHostsLine(lab)}\n`, { mode: 0o600 })
  return file
}

/**
 * Tries a PASSWORD login to the lab with the system ssh (no key can be used). The password reaches ssh through
 * OpenSSH's SSH_ASKPASS (SSH_ASKPASS_REQUIRE=force) and a tiny script that prints it from the environment: it is
 * never in an argument list. Resolves with ssh's exit code and output.
 */
export function passwordLogin(lab: Lab, password: string): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-askpass-'))
  const askpass = join(dir, 'askpass')
  writeFileSync(askpass, '#!/bin/sh\nprintf \'%s\\n\' "$OCSS_TEST_PASSWORD"\n')
  chmodSync(askpass, 0o700)
  const args = ['-F', 'none', '-o', `UserKnownHostsFile=${labKnownHosts(lab)}`, '-o', 'GlobalKnownHostsFile=none', '-o', 'StrictHostKeyChecking=yes',
    '-o', 'PubkeyAuthentication=no', '-o', 'IdentityAgent=none', '-o', 'PreferredAuthentications=password,keyboard-interactive',
    '-o', 'NumberOfPasswordPrompts=1', '-o', 'ConnectTimeout=10', '-p', String(lab.port), '-l', lab.user, '--', lab.host, 'echo PASSWORD-LOGIN-OK']
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // no controlling terminal, so ssh uses the askpass program
      env: { PATH: process.env.PATH, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none', OCSS_TEST_PASSWORD: password },
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 255, out }))
  })
}

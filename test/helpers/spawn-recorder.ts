import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { programPath } from '../../src/core/targets/program-path'

function realSsh(): string {
  const file = programPath('ssh')
  if (!file.startsWith('/')) throw new Error('the real ssh client is needed for the -G preflight')
  return `'${file}'`
}

/**
 * Puts recording stand-ins for ssh, ssh-keyscan and wsl.exe first on PATH, to prove that
 * refused input spawns nothing (`ssh -V` is answered like a current OpenSSH, and recorded). Returns the PATH to use and a reader for what was spawned.
 */
export function spawnRecorder(): { path: string; spawned: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-rec-'))
  const log = join(dir, 'spawned.log')
  for (const name of ['ssh', 'ssh-keyscan', 'wsl.exe']) {
    const file = join(dir, name)
    // ssh answers the version preflight like a current OpenSSH, so the path past it is recorded too.
    // …and the ssh -G preflight is answered by the real client (it only prints the configuration).
    const version = name === 'ssh' ? `[ "$1" = -V ] && { echo 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024' >&2; exit 0; }\n[ "$1" = -G ] && exec ${realSsh()} "$@"\n` : ''
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> '${log}'\n${version}exit 255\n`)
    chmodSync(file, 0o755)
  }
  return {
    path: `${dir}:${process.env.PATH ?? ''}`,
    spawned: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  }
}

/**
 * Puts counting wrappers for the named programs first on PATH: each logs its invocation, then runs the
 * real program. Used to count how many ssh / wsl.exe processes a run starts (count('ssh -V') counts the preflight).
 */
export function spawnCounter(real: Readonly<Record<string, string>>): { path: string; count: (name: string) => number } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-count-'))
  const log = join(dir, 'spawned.log')
  for (const [name, target] of Object.entries(real)) {
    const file = join(dir, name)
    // `ssh -V` (the version preflight) and `ssh -G` (the options preflight) are logged apart, so count('ssh') counts
    // connections only.
    writeFileSync(file, `#!/bin/sh\ncase "$1" in -V|-G) echo "${name} $1" >> '${log}' ;; *) echo "${name}" >> '${log}' ;; esac\nexec '${target}' "$@"\n`)
    chmodSync(file, 0o755)
  }
  return {
    path: `${dir}:${process.env.PATH ?? ''}`,
    count: (name) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l === name).length : 0),
  }
}

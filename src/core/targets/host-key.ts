import { createHash } from 'node:crypto'
import { AppError } from '../app-error'
import { runProcess } from './run-process'
import { program } from './program-path'

export interface HostKey {
  /** e.g. ssh-ed25519 */
  readonly type: string
  /** base64 key blob */
  readonly blob: string
  /** SHA256:… as ssh-keygen -l prints it */
  readonly fingerprint: string
}

const PREFERENCE = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa']

export function fingerprintOf(blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`
}

/** Parses ssh-keyscan output and returns the preferred key. */
export function pickHostKey(keyscanOutput: string): HostKey | null {
  const keys: HostKey[] = []
  for (const line of keyscanOutput.split('\n')) {
    const m = /^\S+\s+(ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa)\s+([A-Za-z0-9+/]+={0,2})\s*$/.exec(line.trim())
    if (m?.[1] && m[2]) keys.push({ type: m[1], blob: m[2], fingerprint: fingerprintOf(m[2]) })
  }
  keys.sort((a, b) => PREFERENCE.indexOf(a.type) - PREFERENCE.indexOf(b.type))
  return keys[0] ?? null
}

/** The HostKeyAlgorithms value that makes ssh negotiate exactly the pinned key type. */
export function hostKeyAlgorithms(type: string): string {
  return type === 'ssh-rsa' ? 'rsa-sha2-512,rsa-sha2-256' : type
}

/** Fetches the host key without authenticating (ssh-keyscan). Host and port are validated by the caller. */
export async function scanHostKey(host: string, port: number, keyscan = program('ssh-keyscan')): Promise<HostKey> {
  const r = await runProcess(keyscan, ['-T', '8', '-p', String(port), '-t', 'ed25519,ecdsa,rsa', '--', host], { timeoutMs: 20_000 })
  const key = pickHostKey(r.stdout)
  if (!key) {
    throw new AppError('CONNECTION_FAILED', `Could not read an SSH host key from ${host}:${port}.`, 'Check the host name and port, that the machine is on, and that its SSH server is running.')
  }
  return key
}

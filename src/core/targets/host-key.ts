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

/** The host key types the app pins (what scanHostKey asks ssh-keyscan for), most preferred first. */
export const HOST_KEY_TYPES: readonly string[] = PREFERENCE

/** Canonical base64 only: the alphabet, padding only at the end, a length that is a multiple of 4 (no newline, no space). */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** True when `s` is canonical base64 (decoding and encoding it again gives `s` back). */
export function isStrictBase64(s: string): boolean {
  return s.length > 0 && STRICT_BASE64.test(s) && Buffer.from(s, 'base64').toString('base64') === s
}

/** The key type an SSH public key blob names in its first field (RFC 4253 string), or null if it has none. */
export function blobKeyType(blob: string): string | null {
  const buf = Buffer.from(blob, 'base64')
  if (buf.length < 4) return null
  const len = buf.readUInt32BE(0)
  if (len === 0 || len > 64 || buf.length < 4 + len) return null
  const type = buf.subarray(4, 4 + len).toString('latin1')
  return /^[a-z0-9@.-]+$/.test(type) ? type : null
}

/**
 * Why a pinned host key read back from disk cannot be trusted, or null when it is consistent: the type is one the app
 * pins, the blob is strict base64 of a key that names that same type, and the fingerprint is the blob's.
 */
export function hostKeyProblem(key: HostKey): string | null {
  if (!HOST_KEY_TYPES.includes(key.type)) return `the key type ${JSON.stringify(key.type.slice(0, 40))} is not one the app pins (${HOST_KEY_TYPES.join(', ')})`
  if (!isStrictBase64(key.blob)) return 'the key is not plain base64 (it holds other characters, such as a line break)'
  const inner = blobKeyType(key.blob)
  if (inner !== key.type) return inner ? `the key says it is ${inner}, not ${key.type}` : 'the key data is not an SSH public key'
  if (fingerprintOf(key.blob) !== key.fingerprint) return 'the fingerprint does not match the key (recomputed from the key data)'
  return null
}

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

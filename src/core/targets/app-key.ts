import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../app-error'
import { fingerprintOf } from './host-key'
import { runProcess } from './run-process'
import { program } from './program-path'

/** The app's own SSH key pair, kept in `<dataDir>/ssh/` (folder 0700, private key 0600). */
export interface AppKey {
  readonly privateKeyFile: string
  readonly publicKeyFile: string
  /** `ssh-ed25519 AAAA… openclaw-secure-setup` */
  readonly publicKey: string
  /** SHA256:… as ssh-keygen -l prints it */
  readonly fingerprint: string
}

export const APP_KEY_COMMENT = 'openclaw-secure-setup'
/** The one public-key line the app ever sends: ed25519, base64 blob, a plain comment. */
export const PUBLIC_KEY_LINE = /^ssh-ed25519 (AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+={0,2}) [A-Za-z0-9@._-]{1,64}$/

export function appKeyPaths(dataDir: string): { dir: string; privateKeyFile: string; publicKeyFile: string } {
  const dir = join(dataDir, 'ssh')
  return { dir, privateKeyFile: join(dir, 'id_ed25519'), publicKeyFile: join(dir, 'id_ed25519.pub') }
}

/** Windows has no POSIX modes (the folder's ACL protects the key there); everywhere else they are enforced. */
const POSIX = process.platform !== 'win32'

function refuse(message: string, hint: string): never {
  throw new AppError('FORBIDDEN', message, hint)
}

/**
 * Makes `path` a folder (0700) or a file (0600) that only this user can read: wrong modes are fixed,
 * anything that cannot be made safe (a symlink, another owner, a different kind of file) is refused.
 */
function secure(path: string, kind: 'dir' | 'file'): void {
  const st = lstatSync(path)
  const what = kind === 'dir' ? 'folder' : 'file'
  if (st.isSymbolicLink()) refuse(`The app's key ${what} ${path} is a symbolic link; the app does not use keys it does not own.`, `Remove ${path} and try again; the app then makes a new key.`)
  if (kind === 'dir' ? !st.isDirectory() : !st.isFile()) refuse(`${path} is not a ${what}.`, `Remove ${path} and try again; the app then makes a new key.`)
  if (!POSIX) return
  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid) refuse(`The app's key ${what} ${path} belongs to another user (uid ${st.uid}).`, `Remove ${path} (or give it back to this user) and try again.`)
  const want = kind === 'dir' ? 0o700 : 0o600
  if ((st.mode & 0o777) !== want) {
    chmodSync(path, want)
    if ((lstatSync(path).mode & 0o777) !== want) refuse(`Could not restrict ${path} to mode ${want.toString(8)}.`, `Run: chmod ${want.toString(8)} "${path}"`)
  }
}

function parsePublicKey(line: string, file: string): { publicKey: string; fingerprint: string } {
  const text = line.trim()
  const m = PUBLIC_KEY_LINE.exec(text)
  if (!m?.[1]) refuse(`${file} is not an ed25519 public key made by this app.`, `Remove the folder ${file.replace(/[\\/][^\\/]*$/, '')} and try again; the app then makes a new key.`)
  return { publicKey: text, fingerprint: fingerprintOf(m[1]) }
}

/** The app key if it already exists and is safe (modes fixed on the way); null when there is none. */
export function existingAppKey(dataDir: string): AppKey | null {
  const p = appKeyPaths(dataDir)
  if (!existsSync(p.privateKeyFile)) return null
  secure(p.dir, 'dir')
  secure(p.privateKeyFile, 'file')
  if (!existsSync(p.publicKeyFile)) return null
  return { privateKeyFile: p.privateKeyFile, publicKeyFile: p.publicKeyFile, ...parsePublicKey(readFileSync(p.publicKeyFile, 'utf8'), p.publicKeyFile) }
}

/**
 * Returns the app's key pair, creating it the first time with
 * `ssh-keygen -t ed25519 -N '' -C openclaw-secure-setup -f <dataDir>/ssh/id_ed25519` (argument vector, no shell).
 * A missing public half is re-derived from the private key (`ssh-keygen -y`, read from the file, never from argv).
 */
export async function ensureAppKey(dataDir: string, keygen = program('ssh-keygen')): Promise<AppKey> {
  const p = appKeyPaths(dataDir)
  mkdirSync(p.dir, { recursive: true, mode: 0o700 })
  secure(p.dir, 'dir')
  if (!existsSync(p.privateKeyFile)) {
    if (existsSync(p.publicKeyFile)) refuse(`${p.publicKeyFile} exists without its private key.`, `Remove ${p.publicKeyFile} and try again.`)
    const r = await runProcess(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', APP_KEY_COMMENT, '-f', p.privateKeyFile], { timeoutMs: 30_000 })
    if (r.exitCode !== 0 || !existsSync(p.privateKeyFile)) {
      throw new AppError('COMMAND_FAILED', `ssh-keygen could not create the app's key: ${r.stderr.trim() || `exit code ${r.exitCode}`}.`, 'Check that the OpenSSH client is installed and the data folder is writable.')
    }
  }
  secure(p.privateKeyFile, 'file')
  if (!existsSync(p.publicKeyFile)) {
    const r = await runProcess(keygen, ['-y', '-f', p.privateKeyFile], { timeoutMs: 30_000 })
    if (r.exitCode !== 0) throw new AppError('COMMAND_FAILED', `ssh-keygen could not read the app's key: ${r.stderr.trim() || `exit code ${r.exitCode}`}.`, `Remove the folder ${p.dir} and try again; the app then makes a new key.`)
    writeFileSync(p.publicKeyFile, `${r.stdout.trim().split(/\s+/).slice(0, 2).join(' ')} ${APP_KEY_COMMENT}\n`, { mode: 0o644 })
  }
  const key = existingAppKey(dataDir)
  if (!key) throw new AppError('INTERNAL', "The app's key disappeared while it was being read.", 'Try again.')
  return key
}

import { AppError } from '../app-error'
import { runProcessRaw } from './run-process'
import { program } from './program-path'

/** The oldest OpenSSH client the app drives: Windows 10's inbox client (OpenSSH_for_Windows_7.7p1). */
export const MIN_OPENSSH: readonly [number, number] = [7, 7]

export interface SshClientVersion {
  /** The first line of `ssh -V`, e.g. "OpenSSH_for_Windows_9.5p1, LibreSSL 3.8.2". */
  readonly text: string
  readonly major: number
  readonly minor: number
  readonly windows: boolean
}

/** Parses `ssh -V` output (it goes to stderr). Returns null for anything that is not OpenSSH. */
export function parseSshVersion(output: string): SshClientVersion | null {
  const line = output.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? ''
  const m = /^OpenSSH_(for_Windows_)?(\d+)\.(\d+)/.exec(line)
  if (!m) return null
  return { text: line, major: Number(m[2]), minor: Number(m[3]), windows: m[1] !== undefined }
}

export function isSupported(v: SshClientVersion): boolean {
  return v.major > MIN_OPENSSH[0] || (v.major === MIN_OPENSSH[0] && v.minor >= MIN_OPENSSH[1])
}

const INSTALL_HINT =
  process.platform === 'win32'
    ? 'Install the OpenSSH client: Settings → System → Optional features → Add "OpenSSH Client" (or "winget install Microsoft.OpenSSH.Preview"), then restart the app.'
    : 'Install the OpenSSH client (for example "sudo apt install openssh-client"), then try again.'

const checked = new Map<string, Promise<SshClientVersion>>()

/**
 * Preflight for the system's ssh: it must exist and be OpenSSH ≥ 7.7. The app does not rely on the client's own
 * refusal of shell metacharacters (OpenSSH 9.6+); every destination is validated before any process starts.
 * The answer is cached per binary for the life of the process; a failure is not cached.
 */
export function checkSshClient(sshBinary = program('ssh')): Promise<SshClientVersion> {
  const cached = checked.get(sshBinary)
  if (cached) return cached
  const probe = (async () => {
    let r
    try {
      r = await runProcessRaw(sshBinary, ['-V'], { timeoutMs: 10_000 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err instanceof AppError && /not found/i.test(err.message))) {
        throw new AppError('CONNECTION_FAILED', `No ssh client was found ("${sshBinary}").`, INSTALL_HINT)
      }
      throw err
    }
    const version = parseSshVersion(`${r.stderr.toString('utf8')}\n${r.stdout.toString('utf8')}`)
    if (!version) {
      throw new AppError('CONNECTION_FAILED', `"${sshBinary}" is not an OpenSSH client (ssh -V said: ${r.stderr.toString('utf8').trim().slice(0, 120) || 'nothing'}).`, INSTALL_HINT)
    }
    if (!isSupported(version)) {
      throw new AppError('CONNECTION_FAILED', `The ssh client is too old: ${version.text}. OpenSSH ${MIN_OPENSSH.join('.')} or newer is needed.`, INSTALL_HINT)
    }
    return version
  })()
  checked.set(sshBinary, probe)
  probe.catch(() => checked.delete(sshBinary))
  return probe
}

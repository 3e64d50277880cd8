import type { SshTargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import { hostKeyAlgorithms } from './host-key'

/**
 * The name the pinned key is filed under in the target's own known_hosts (HostKeyAlias). It is the validated host
 * itself, without the port (each target has its own file), so ssh's prompts read "user@host's password:".
 */
export function pinnedAlias(spec: SshTargetSpec): string {
  return spec.host
}

export interface SshArgsOptions {
  /**
   * The known_hosts file's name, relative to the folder ssh is started in (SshTarget.workDir, owned by the app). A
   * plain name (letters, digits, `.`, `_`, `-`), so that nothing in the data folder's path — spaces, `%`, quotes,
   * non-ASCII letters — ever reaches this option, which ssh splits at whitespace and expands `%`, `~` and `${}` in.
   */
  readonly knownHostsFile: string
  readonly keyType: string
  /** Control channel: never prompt. Terminal: allow passphrase prompts, allocate a TTY. */
  readonly mode: 'control' | 'terminal'
  /** More `-o` options (fixed by the caller, never user text), placed before the destination. */
  readonly extra?: readonly string[]
  readonly platform?: NodeJS.Platform
}

const PLAIN_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/

/**
 * The value ssh must hold for a path after reading its config syntax and before expanding it: `%` doubled (ssh
 * expands %-tokens in file options), and on Windows forward slashes, which Win32-OpenSSH accepts (so no backslash
 * escaping is needed there; old clients do not know it). `${` is refused: ssh expands environment variables in file
 * options and has no escape for it. This is what `ssh -G` prints back.
 */
export function sshStoredPath(file: string, platform: NodeJS.Platform = process.platform): string {
  if (file.includes('${')) {
    throw new AppError('INVALID_INPUT', `The path ${JSON.stringify(file)} contains "\${", which ssh would replace with an environment variable.`, 'Rename the folder or file so that its path has no "${", or choose a key file in another folder.')
  }
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(file)) {
    throw new AppError('INVALID_INPUT', 'The path contains control characters, which ssh cannot be given safely.', 'Choose a file whose path has no control characters.')
  }
  return (platform === 'win32' ? file.replace(/\\/g, '/') : file).replace(/%/g, '%%')
}

/**
 * A path written as the value of an ssh_config option (`-o IdentityFile=…`), so that ssh reads back exactly
 * sshStoredPath(file): double-quoted (ssh splits unquoted values at whitespace), with `\` and `"` escaped.
 */
export function sshConfigPath(file: string, platform: NodeJS.Platform = process.platform): string {
  return `"${sshStoredPath(file, platform).replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/**
 * The ssh argument vector up to and including the destination. No user configuration is read (-F none), the host
 * key must match the pinned one exactly, and the destination comes after "--". Every file ssh reads is named so that
 * ssh cannot read it as another file: see knownHostsFile and sshConfigPath(). `checkSshOptions()` (ssh -G) proves it
 * before the first connection.
 */
export function sshBaseArgs(spec: SshTargetSpec, opts: SshArgsOptions): string[] {
  if (!PLAIN_FILE_NAME.test(opts.knownHostsFile)) throw new Error(`known_hosts file name must be a plain name: ${JSON.stringify(opts.knownHostsFile)}`)
  const args = [
    '-F', 'none',
    '-o', `UserKnownHostsFile=${opts.knownHostsFile}`,
    '-o', 'GlobalKnownHostsFile=none',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'UpdateHostKeys=no',
    '-o', `HostKeyAlias=${pinnedAlias(spec)}`,
    '-o', `HostKeyAlgorithms=${hostKeyAlgorithms(opts.keyType)}`,
    '-o', 'ConnectTimeout=15',
    '-o', 'ServerAliveInterval=15',
    '-o', 'ServerAliveCountMax=4',
    '-o', 'ForwardAgent=no',
    '-o', 'ForwardX11=no',
    '-o', 'PermitLocalCommand=no',
    '-o', 'LogLevel=ERROR',
    '-p', String(spec.port),
    '-l', spec.user,
  ]
  if (opts.mode === 'control') args.push('-o', 'BatchMode=yes', '-T')
  else args.push('-tt')
  if (spec.identityFile) args.push('-o', `IdentityFile=${sshConfigPath(spec.identityFile, opts.platform)}`, '-o', 'IdentitiesOnly=yes')
  if (opts.extra) args.push(...opts.extra)
  args.push('--', spec.host)
  return args
}

/** Quotes a word for a POSIX shell. Only used for values that are already validated. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

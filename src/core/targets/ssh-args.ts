import type { SshTargetSpec } from '../../shared/target-spec'
import { hostKeyAlgorithms } from './host-key'

/**
 * The name the pinned key is filed under in the target's own known_hosts (HostKeyAlias). It is the validated host
 * itself, without the port (each target has its own file), so ssh's prompts read "user@host's password:".
 */
export function pinnedAlias(spec: SshTargetSpec): string {
  return spec.host
}

export interface SshArgsOptions {
  readonly knownHostsFile: string
  readonly keyType: string
  /** Control channel: never prompt. Terminal: allow passphrase prompts, allocate a TTY. */
  readonly mode: 'control' | 'terminal'
  /** More `-o` options (fixed by the caller, never user text), placed before the destination. */
  readonly extra?: readonly string[]
}

/**
 * The ssh argument vector up to and including the destination. No user configuration is read
 * (-F none), the host key must match the pinned one exactly, and the destination comes after "--".
 */
export function sshBaseArgs(spec: SshTargetSpec, opts: SshArgsOptions): string[] {
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
  if (spec.identityFile) args.push('-i', spec.identityFile, '-o', 'IdentitiesOnly=yes')
  if (opts.extra) args.push(...opts.extra)
  args.push('--', spec.host)
  return args
}

/** Quotes a word for a POSIX shell. Only used for values that are already validated. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

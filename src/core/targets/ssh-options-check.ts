import { AppError } from '../app-error'
import { runProcess } from './run-process'

/** What ssh must read back from the app's arguments (`ssh -G`), option by option, exactly. */
export interface ExpectedSshOptions {
  readonly knownHostsFile: string
  /** The IdentityFile value as ssh stores it before expanding it (sshConfigPath() without the quotes), or null for none. */
  readonly identityFile: string | null
  readonly user: string
  readonly port: number
  readonly hostKeyAlias: string
}

/**
 * Compares `ssh -G` output with what the app meant to say. Returns the first difference, described for a person, or
 * null. Each option is one line `name value`; a value ssh split into several files would show as several words on
 * the known-hosts line (its name is a plain word, so there is no ambiguity) or as several identityfile lines.
 */
export function sshOptionsProblem(output: string, want: ExpectedSshOptions): string | null {
  const lines = output.split(/\r?\n/)
  const values = (name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name} `)).map((l) => l.slice(name.length + 1))
  const one = (name: string, expected: string, what: string): string | null => {
    const got = values(name)
    if (got.length === 1 && got[0] === expected) return null
    return `${what}: ssh would use ${got.length === 0 ? 'nothing' : got.map((g) => JSON.stringify(g)).join(', ')} instead of ${JSON.stringify(expected)}`
  }
  return (
    one('userknownhostsfile', want.knownHostsFile, 'known_hosts file') ??
    one('globalknownhostsfile', 'none', 'system known_hosts files') ??
    one('stricthostkeychecking', 'true', 'strict host key checking') ??
    one('hostkeyalias', want.hostKeyAlias, 'host key alias') ??
    one('user', want.user, 'user') ??
    one('port', String(want.port), 'port') ??
    (want.identityFile === null
      ? null
      : one('identityfile', want.identityFile, 'key file') ?? one('identitiesonly', 'yes', 'only the given key'))
  )
}

/**
 * Preflight before the first connection with a set of ssh arguments: `ssh -G` with the same arguments, in the same
 * folder, must read back exactly the one intended known_hosts file and key file (and the pinned alias, user and port).
 * This is what stops a data folder with spaces (or a planted file named like a part of it) from becoming a second
 * known_hosts file. `args` is the full argument vector up to the destination, as the connection will use it.
 */
export async function checkSshOptions(ssh: string, args: readonly string[], cwd: string, want: ExpectedSshOptions): Promise<void> {
  const dest = args.indexOf('--')
  const gArgs = ['-G', ...(dest >= 0 ? args.slice(0, dest + 2) : args)]
  const r = await runProcess(ssh, gArgs, { timeoutMs: 15_000, cwd })
  const problem = r.exitCode === 0 ? sshOptionsProblem(r.stdout, want) : `ssh -G failed (exit code ${r.exitCode}): ${r.stderr.trim().split('\n').pop() ?? ''}`
  if (problem) {
    throw new AppError('CONNECTION_FAILED', `The ssh client would not read the app's settings as intended (${problem}). Nothing was sent to the machine.`, 'Use a current OpenSSH client. If the key file or the data folder has unusual characters in its path (quotes, "%", "${"), move it to a simpler path and try again.')
  }
}

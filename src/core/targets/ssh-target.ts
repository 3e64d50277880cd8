import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { targetKey, type SshTargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import type { HostKey } from './host-key'
import { runProcess } from './run-process'
import { PINNED_ALIAS, shQuote, sshBaseArgs } from './ssh-args'
import { BOOTSTRAP, buildStdin, newMarker } from './stdin-protocol'
import type { ExecOptions, ExecResult, SpawnSpec, SudoMode, Target, TerminalCommand } from './target'

export interface SshTargetOptions {
  /** The host key the user accepted. ssh refuses any other. */
  readonly hostKey: HostKey
  /** Folder for the per-target known_hosts file (created 0700). */
  readonly stateDir: string
  /** Supplies the sudo password for control-channel root actions; kept in memory by the caller. */
  readonly sudoPassword?: () => string | undefined
  readonly sshBinary?: string
}

const SUDO_PROBE = 'if [ "$(id -u)" = 0 ]; then echo root; elif sudo -n true 2>/dev/null; then echo nopasswd; else echo password; fi'

/** Maps ssh's own failures (exit 255) to errors that say what to do. */
export function sshFailure(stderr: string, label: string): AppError {
  const text = stderr.trim()
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key for .* has changed/i.test(text)) {
    return new AppError('HOST_KEY_MISMATCH', `The host key of ${label} does not match the one you accepted earlier.`, 'Someone may be intercepting the connection, or the machine was reinstalled. Verify the new fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it again.')
  }
  if (/Permission denied/i.test(text)) {
    return new AppError('CONNECTION_FAILED', `${label} refused the login (${text.split('\n').pop()}).`, 'Check the user name and that the key file is authorised on the machine (~/.ssh/authorized_keys).')
  }
  return new AppError('CONNECTION_FAILED', `Could not connect to ${label}: ${text.split('\n').pop() || 'ssh exited with 255'}.`, 'Check that the machine is on, reachable from this computer, and that the address and port are right.')
}

export class SshTarget implements Target {
  readonly kind = 'ssh' as const
  readonly key: string
  readonly label: string
  private readonly knownHostsFile: string
  private sudo: SudoMode | null = null

  constructor(
    readonly spec: SshTargetSpec,
    private readonly opts: SshTargetOptions,
  ) {
    this.key = targetKey(spec)
    this.label = `${spec.user}@${spec.host}${spec.port === 22 ? '' : `:${spec.port}`}`
    mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 })
    this.knownHostsFile = join(opts.stateDir, `${createHash('sha256').update(this.key).digest('hex').slice(0, 16)}.known_hosts`)
    writeFileSync(this.knownHostsFile, `${PINNED_ALIAS} ${opts.hostKey.type} ${opts.hostKey.blob}\n`, { mode: 0o600 })
  }

  args(mode: 'control' | 'terminal'): string[] {
    return sshBaseArgs(this.spec, { knownHostsFile: this.knownHostsFile, keyType: this.opts.hostKey.type, mode })
  }

  async sudoMode(): Promise<SudoMode> {
    if (!this.sudo) {
      const r = await this.exec(SUDO_PROBE)
      const mode = r.stdout.trim()
      this.sudo = mode === 'root' || mode === 'nopasswd' ? mode : 'password'
    }
    return this.sudo
  }

  async exec(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const marker = newMarker()
    let remote = `bash -c ${shQuote(BOOTSTRAP)} ${marker}`
    let sudoPassword: string | undefined
    if (opts.asRoot) {
      const mode = await this.sudoMode()
      if (mode === 'nopasswd') remote = `sudo -n -- ${remote}`
      else if (mode === 'password') {
        sudoPassword = this.opts.sudoPassword?.()
        if (sudoPassword === undefined) {
          throw new AppError('SUDO_PASSWORD_REQUIRED', `Root actions on ${this.label} need the sudo password.`, 'Enter the sudo password when asked (the CLI reads it without echo, or from stdin with --sudo-password-stdin).')
        }
        remote = `sudo -k -S -p '' -- ${remote}`
      }
    }
    const input = buildStdin({ marker, script, ...(opts.params ? { params: opts.params } : {}), ...(sudoPassword !== undefined ? { sudoPassword } : {}) })
    const r = await runProcess(this.opts.sshBinary ?? 'ssh', [...this.args('control'), remote], { input, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) })
    if (r.exitCode === 255) throw sshFailure(r.stderr, this.label)
    if (sudoPassword !== undefined && /incorrect password attempt|Sorry, try again/.test(r.stderr)) {
      throw new AppError('SUDO_FAILED', `sudo on ${this.label} rejected the password.`, 'Enter the password of the remote user again (the one sudo asks for).')
    }
    if (r.exitCode === 98 && r.stdout === '') {
      throw new AppError('SUDO_FAILED', `The remote command on ${this.label} did not start as expected.`, 'sudo may be configured unusually for this user; run "sudo -v" on the machine to check.')
    }
    return r
  }

  terminalSpawn(command: TerminalCommand): SpawnSpec {
    const base = this.args('terminal')
    const display = `ssh -p ${this.spec.port} ${this.spec.user}@${this.spec.host}`
    if (command.kind === 'login-shell') return { file: this.opts.sshBinary ?? 'ssh', args: base, display }
    const remote = `sudo -- /bin/bash ${shQuote(command.path)}`
    return { file: this.opts.sshBinary ?? 'ssh', args: [...base, remote], display: `${display} ${remote}` }
  }

  async dispose(): Promise<void> {
    this.sudo = null
  }
}

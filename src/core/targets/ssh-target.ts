import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { targetKey, targetLabel, type SshTargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import type { HostKey } from './host-key'
import { channelPreamble, ControlChannel } from './control-channel'
import { pinnedAlias, shQuote, sshBaseArgs } from './ssh-args'
import { BOOTSTRAP, newMarker } from './stdin-protocol'
import { checkSudoSession } from './sudo-guard'
import { checkPlainArgs, LostListeners, type ExecOptions, type ExecResult, type SpawnSpec, type SudoMode, type Target, type TerminalCommand } from './target'

export interface SshTargetOptions {
  /** The host key the user accepted. ssh refuses any other. */
  readonly hostKey: HostKey
  /** Folder for the per-target known_hosts file (created 0700). */
  readonly stateDir: string
  /** Supplies the sudo password for control-channel root actions; kept in memory by the caller. */
  readonly sudoPassword?: () => string | undefined
  readonly sshBinary?: string
}

/**
 * sudo's prompt for jobs in the terminal. The app recognises it to type a password the person gave in the masked
 * field (sudo turns echo off); without one the person types it themselves.
 */
export const SUDO_PROMPT = '[sudo] password for %p (OpenClaw Secure Setup): '
export const SUDO_PROMPT_SEEN = /\[sudo\] password for [a-z_][a-z0-9_-]* \(OpenClaw Secure Setup\): $/

/**
 * sudo by absolute path, running bash without start-up files: a `sudo` function, alias or PATH entry of the login
 * account (its ~/.bashrc) is never what receives the password (security review M1). The login shell still starts
 * this command, so a forced command or ~/.ssh/rc can: the sudo guard (sudo-guard.ts) refuses those first.
 */
export const ROOT_SHELL = "/usr/bin/sudo -k -S -p '' -- /bin/bash --noprofile --norc"
export const ROOT_SHELL_NOPASSWD = '/usr/bin/sudo -n -- /bin/bash --noprofile --norc'
const SUDO_PROBE = 'if [ "$(id -u)" = 0 ]; then echo root; elif /usr/bin/sudo -n true 2>/dev/null; then echo nopasswd; else echo password; fi'

/** Maps ssh's own failures (exit 255) to errors that say what to do. */
export function sshFailure(stderr: string, label: string): AppError {
  const text = stderr.trim()
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key for .* has changed/i.test(text)) {
    return new AppError('HOST_KEY_MISMATCH', `The host key of ${label} does not match the one you accepted earlier.`, 'Someone may be intercepting the connection, or the machine was reinstalled. Verify the new fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it again.')
  }
  if (/Permission denied/i.test(text)) {
    return new AppError('AUTH_FAILED', `${label} refused the login (${(text.split('\n').pop() ?? '').replace(/\.+$/, '')}).`, 'Check the user name. If the machine accepts this user\'s password (a fresh VM usually does), install the app\'s own key with it: the app asks for the password once, in its terminal.')
  }
  return new AppError('CONNECTION_FAILED', `Could not connect to ${label}: ${(text.split('\n').pop() ?? '').replace(/\.+$/, '') || 'ssh exited with 255'}.`, 'Check that the machine is on, reachable from this computer, and that the address and port are right.')
}

export class SshTarget implements Target {
  readonly kind = 'ssh' as const
  readonly key: string
  readonly label: string
  private readonly knownHostsFile: string
  private sudo: SudoMode | null = null
  /** One persistent ssh process for the login user, and one more for root once a root action is asked for. */
  private readonly userChannel: ControlChannel
  private rootChannel: ControlChannel | null = null
  private readonly lost = new LostListeners()

  constructor(
    readonly spec: SshTargetSpec,
    private readonly opts: SshTargetOptions,
  ) {
    this.key = targetKey(spec)
    this.label = targetLabel(spec)
    mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 })
    this.knownHostsFile = join(opts.stateDir, `${createHash('sha256').update(this.key).digest('hex').slice(0, 16)}.known_hosts`)
    writeFileSync(this.knownHostsFile, `${pinnedAlias(spec)} ${opts.hostKey.type} ${opts.hostKey.blob}\n`, { mode: 0o600 })
    this.userChannel = this.channel('bash')
  }

  /** A channel whose far end is `shell -c <bootstrap>` (`bash`, or a sudo invocation of /bin/bash). */
  private channel(shell: string, password?: () => string): ControlChannel {
    return new ControlChannel(
      () => {
        const marker = newMarker()
        const pw = password?.()
        return {
          file: this.opts.sshBinary ?? 'ssh',
          args: [...this.args('control'), `${shell} -c ${shQuote(BOOTSTRAP)} ${marker}`],
          preamble: channelPreamble({ marker, ...(pw !== undefined ? { sudoPassword: pw } : {}) }),
        }
      },
      (said, code, phase) => this.failure(said, code, phase, password !== undefined),
      this.lost.notify,
    )
  }

  private failure(raw: string, code: number | null, phase: 'start' | 'request', withPassword: boolean): AppError {
    // If something other than the bootstrap read the password line (a forced command, say), never repeat it.
    const pw = withPassword ? this.opts.sudoPassword?.() : undefined
    const said = pw ? raw.split('\n').filter((l) => !l.includes(pw)).join('\n') : raw
    if (code === 255 || /Host key verification failed|Permission denied|Could not resolve|Connection (refused|timed out|closed)|No route/i.test(said)) return sshFailure(said, this.label)
    if (withPassword && /incorrect password attempt|Sorry, try again/.test(said)) {
      return new AppError('SUDO_FAILED', `sudo on ${this.label} rejected the password.`, 'Enter the password of the remote user again (the one sudo asks for).')
    }
    if (phase === 'start') {
      return new AppError('SUDO_FAILED', `The control channel to ${this.label} did not start (exit code ${code ?? 'none'}). ${said.trim().split('\n').pop() ?? ''}`.trim(), 'Check that the user may use sudo on the machine (run "sudo -v" there).')
    }
    return new AppError('CONNECTION_FAILED', `The connection to ${this.label} was lost.`, 'Check the network and that the machine is on; the next action reconnects.')
  }

  /** Processes started so far by the control channels (tests and the benchmark count them). */
  get channelStarts(): number {
    return this.userChannel.starts + (this.rootChannel?.starts ?? 0)
  }

  /** Requests (round trips) sent so far over the control channels (the benchmark counts them). */
  get channelRequests(): number {
    return this.userChannel.requests + (this.rootChannel?.requests ?? 0)
  }

  args(mode: 'control' | 'terminal'): string[] {
    return sshBaseArgs(this.spec, { knownHostsFile: this.knownHostsFile, keyType: this.opts.hostKey.type, mode })
  }

  /**
   * The argument vector for the same pinned host with another identity than the spec's: `null` = no key file at
   * all (a password login). `extra` are fixed `-o` options of the caller. Used by the key setup (core/service/key-setup).
   */
  argsWith(mode: 'control' | 'terminal', identityFile: string | null, extra: readonly string[] = []): string[] {
    const { identityFile: _ignored, ...rest } = this.spec
    const spec = identityFile ? { ...rest, identityFile } : rest
    return sshBaseArgs(spec, { knownHostsFile: this.knownHostsFile, keyType: this.opts.hostKey.type, mode, extra })
  }

  /** The ssh program this target runs. */
  get sshProgram(): string {
    return this.opts.sshBinary ?? 'ssh'
  }

  async sudoMode(): Promise<SudoMode> {
    if (!this.sudo) {
      const r = await this.exec(SUDO_PROBE, { timeoutMs: 30_000 })
      const mode = r.stdout.trim()
      this.sudo = mode === 'root' || mode === 'nopasswd' ? mode : 'password'
    }
    return this.sudo
  }

  async exec(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const channel = opts.asRoot ? await this.root() : this.userChannel
    return channel.request(script, opts.params ?? {}, opts.timeoutMs)
  }

  private async root(): Promise<ControlChannel> {
    const mode = await this.sudoMode()
    if (mode === 'root') return this.userChannel
    if (this.rootChannel) return this.rootChannel
    if (mode === 'nopasswd') this.rootChannel = this.channel(ROOT_SHELL_NOPASSWD)
    else {
      const supplier = this.opts.sudoPassword
      if (supplier?.() === undefined) {
        throw new AppError('SUDO_PASSWORD_REQUIRED', `Root actions on ${this.label} need the sudo password.`, 'Enter the sudo password when asked (the CLI reads it without echo, or from stdin with --sudo-password-stdin).')
      }
      // Before the password is ever sent: refuse a session the login account can read it from.
      await this.checkBeforePassword()
      if (this.rootChannel) return this.rootChannel
      this.rootChannel = this.channel(ROOT_SHELL, () => supplier() ?? '')
    }
    return this.rootChannel
  }

  terminalSpawn(command: TerminalCommand): SpawnSpec {
    const base = this.args('terminal')
    const display = `ssh -p ${this.spec.port} ${this.spec.user}@${this.spec.host}`
    if (command.kind === 'login-shell') return { file: this.opts.sshBinary ?? 'ssh', args: base, display }
    checkPlainArgs(command.args)
    const sudo = `/usr/bin/sudo -p ${shQuote(SUDO_PROMPT)} -- /bin/bash --noprofile --norc -c`
    const remote = `${sudo} ${shQuote(command.script)} ${command.args.join(' ')}`
    return { file: this.opts.sshBinary ?? 'ssh', args: [...base, remote], display: `${display} ${sudo} '<${command.label}>' ${command.args.join(' ')}` }
  }

  /**
   * Refuses (AppError FORBIDDEN) when the login account's SSH set-up can read what the app sends before sudo does
   * (a forced command or environment= on the key's authorized_keys line, ~/.ssh/rc, ~/.ssh/environment). Advisory: it
   * runs as that same account. Called before any sudo password is sent, over the control channel or a terminal.
   */
  async checkBeforePassword(): Promise<void> {
    await checkSudoSession(this, this.spec.identityFile ?? null)
  }

  onLost(listener: (err: Error) => void): () => void {
    return this.lost.add(listener)
  }

  async dispose(): Promise<void> {
    this.userChannel.dispose()
    this.rootChannel?.dispose()
    this.rootChannel = null
    this.sudo = null
  }
}

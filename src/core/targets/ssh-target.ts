import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { targetKey, targetLabel, type SshTargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import type { HostKey } from './host-key'
import { channelPreamble, ControlChannel } from './control-channel'
import { program } from './program-path'
import { pinnedAlias, shQuote, sshBaseArgs, sshStoredPath } from './ssh-args'
import { checkSshOptions } from './ssh-options-check'
import { BOOTSTRAP, newMarker } from './stdin-protocol'
import { checkSudoSession } from './sudo-guard'
import { checkPlainArgs, LostListeners, type ExecOptions, type ExecResult, type SpawnSpec, type SudoMode, type Target, type TerminalCommand } from './target'

export interface SshTargetOptions {
  /** The host key the user accepted. ssh refuses any other. */
  readonly hostKey: HostKey
  /** Folder for the per-target known_hosts file (created 0700); ssh is started in it. */
  readonly stateDir: string
  /** Supplies the sudo password for control-channel root actions; kept in memory by the caller. */
  readonly sudoPassword?: () => string | undefined
  readonly sshBinary?: string
}

/**
 * sudo's prompt for jobs in the terminal, with the job's random tag (hex, made by the service for each job; see
 * service/sudo-answer.ts). The app types a password the person gave in the masked field only at this exact prompt
 * (sudo turns echo off); without one the person types it themselves. The displayed command shows `<tag>` instead.
 */
export const sudoPrompt = (tag: string): string => `[sudo] password for %p (OpenClaw Secure Setup, job ${tag}): `
export const sudoPromptSeen = (tag: string): RegExp => new RegExp(`\\[sudo\\] password for [a-z_][a-z0-9_-]* \\(OpenClaw Secure Setup, job ${checkTag(tag)}\\): $`)
const PROMPT_TAG = /^[0-9a-f]{16,64}$/
function checkTag(tag: string): string {
  if (!PROMPT_TAG.test(tag)) throw new AppError('INVALID_INPUT', 'The sudo prompt tag must be 16-64 hex digits.', 'Report this as a bug in the app.')
  return tag
}

/**
 * sudo by absolute path, running bash without start-up files: a `sudo` function, alias or PATH entry of the login
 * account (its ~/.bashrc) is never what receives the password (security review M1). The login shell still starts
 * this command, so a forced command or ~/.ssh/rc can: the sudo guard (sudo-guard.ts) refuses those first.
 */
export const ROOT_SHELL = "/usr/bin/sudo -k -S -p '' -- /bin/bash --noprofile --norc"
export const ROOT_SHELL_NOPASSWD = '/usr/bin/sudo -n -- /bin/bash --noprofile --norc'
const SUDO_PROBE = 'if [ "$(id -u)" = 0 ]; then echo root; elif /usr/bin/sudo -n true 2>/dev/null; then echo nopasswd; else echo password; fi'

/**
 * Maps ssh's own failures (exit 255) to errors that say what to do. A changed key (ssh compared the pinned key with
 * the one presented) is HOST_KEY_MISMATCH; a failed verification without that comparison — ssh found no usable pinned
 * key (the saved file missing, unreadable or garbled) — is HOST_KEY_UNUSABLE, never reported as an attack.
 * connectTarget() confirms either by fetching the key the machine presents now.
 */
export function sshFailure(stderr: string, label: string): AppError {
  const text = stderr.trim()
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|host key for .* has changed/i.test(text)) {
    return new AppError('HOST_KEY_MISMATCH', `The host key of ${label} does not match the one you accepted earlier.`, 'Someone may be intercepting the connection, or the machine was reinstalled. Verify the new fingerprint on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it again.')
  }
  if (/Host key verification failed|host key is known for/i.test(text)) {
    return new AppError('HOST_KEY_UNUSABLE', `ssh could not use the app's saved copy of the host key of ${label} (${lastLine(text.replace(/\s*Host key verification failed\.?$/i, ''))}).`, 'This is not a sign that the machine changed. Check that the app\'s data folder is readable and writable by your account and that the disk is not full, then connect again.')
  }
  if (/Permission denied/i.test(text)) {
    return new AppError('AUTH_FAILED', `${label} refused the login (${lastLine(text)}).`, 'Check the user name. If the machine accepts this user\'s password (a fresh VM usually does), install the app\'s own key with it: the app asks for the password once, in its terminal.')
  }
  return new AppError('CONNECTION_FAILED', `Could not connect to ${label}: ${lastLine(text) || 'ssh exited with 255'}.`, 'Check that the machine is on, reachable from this computer, and that the address and port are right.')
}

function lastLine(text: string): string {
  return (text.trim().split('\n').pop() ?? '').trim().replace(/\.+$/, '')
}

export class SshTarget implements Target {
  readonly kind = 'ssh' as const
  readonly key: string
  readonly label: string
  /** The app-owned folder ssh starts in; the known_hosts file is named relative to it. */
  readonly workDir: string
  private readonly knownHostsFile: string
  private readonly checkedArgs = new Map<string, Promise<void>>()
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
    this.workDir = resolve(opts.stateDir)
    this.knownHostsFile = `${createHash('sha256').update(this.key).digest('hex').slice(0, 16)}.known_hosts`
    const file = join(this.workDir, this.knownHostsFile)
    try {
      mkdirSync(this.workDir, { recursive: true, mode: 0o700 })
      writeFileSync(file, `${pinnedAlias(spec)} ${opts.hostKey.type} ${opts.hostKey.blob}\n`, { mode: 0o600 })
    } catch (err) {
      throw new AppError('HOST_KEY_UNUSABLE', `The app could not write its saved copy of the host key of ${this.label} to ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, 'This is not a sign that the machine changed. Check that the app\'s data folder is writable by your account and that the disk is not full, then connect again.')
    }
    this.userChannel = this.channel('bash')
  }

  /** A channel whose far end is `shell -c <bootstrap>` (`bash`, or a sudo invocation of /bin/bash). */
  private channel(shell: string, password?: () => string): ControlChannel {
    return new ControlChannel(
      () => {
        const marker = newMarker()
        const pw = password?.()
        return {
          file: this.sshProgram,
          cwd: this.workDir,
          args: [...this.args('control'), `${shell} -c ${shQuote(BOOTSTRAP)} ${marker}`],
          preamble: channelPreamble({ marker, ...(pw !== undefined ? { sudoPassword: pw } : {}) }),
        }
      },
      (said, code, phase) => this.failure(said, code, phase, password !== undefined),
      this.lost.notify,
      // Before the password reaches any new session (the first, and each one after a reconnect): refuse a session
      // the login account can read it from.
      password ? () => this.checkBeforePassword() : undefined,
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

  /** The ssh program this target runs (an absolute path, see program()). */
  get sshProgram(): string {
    return this.opts.sshBinary ?? program('ssh')
  }

  /**
   * Preflight, once per argument set, before the first connection with it: `ssh -G` must read back exactly the
   * pinned known_hosts file and the intended key file (see checkSshOptions). `identityFile` as for argsWith().
   */
  checkArgs(mode: 'control' | 'terminal', identityFile: string | null | undefined = this.spec.identityFile, extra: readonly string[] = []): Promise<void> {
    const args = identityFile === undefined ? this.args(mode) : this.argsWith(mode, identityFile, extra)
    const id = args.join('\0')
    let done = this.checkedArgs.get(id)
    if (!done) {
      const key = identityFile ?? undefined
      done = checkSshOptions(this.sshProgram, args, this.workDir, {
        knownHostsFile: this.knownHostsFile,
        identityFile: key ? sshStoredPath(key) : null,
        user: this.spec.user,
        port: this.spec.port,
        hostKeyAlias: pinnedAlias(this.spec),
      })
      this.checkedArgs.set(id, done)
      done.catch(() => this.checkedArgs.delete(id))
    }
    return done
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
    await this.checkArgs('control')
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
      this.rootChannel = this.channel(ROOT_SHELL, () => supplier() ?? '')
    }
    return this.rootChannel
  }

  checkTerminal(): Promise<void> {
    return this.checkArgs('terminal')
  }

  terminalSpawn(command: TerminalCommand): SpawnSpec {
    const base = this.args('terminal')
    const display = `ssh -p ${this.spec.port} ${this.spec.user}@${this.spec.host}`
    if (command.kind === 'login-shell') return { file: this.sshProgram, cwd: this.workDir, args: base, display }
    checkPlainArgs(command.args)
    const sudo = `/usr/bin/sudo -p ${shQuote(sudoPrompt(checkTag(command.promptTag)))} -- /bin/bash --noprofile --norc -c`
    const shown = `/usr/bin/sudo -p ${shQuote(sudoPrompt('<tag>'))} -- /bin/bash --noprofile --norc -c`
    const remote = `${sudo} ${shQuote(command.script)} ${command.args.join(' ')}`
    return { file: this.sshProgram, cwd: this.workDir, args: [...base, remote], display: `${display} ${shown} '<${command.label}>' ${command.args.join(' ')}` }
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

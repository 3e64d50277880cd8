import { targetKey, targetLabel, type WslTargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import { channelPreamble, ControlChannel } from './control-channel'
import { runProcessRaw } from './run-process'
import { newMarker } from './stdin-protocol'
import { checkPlainArgs, LostListeners, type ExecOptions, type ExecResult, type SpawnSpec, type SudoMode, type Target, type TerminalCommand } from './target'
import { decodeWslOutput, parseListQuiet, parseListVerbose, type WslDistro } from './wsl-list'
import { wslErrorCode } from './wsl-preflight'
import { program } from './program-path'

export interface WslTargetOptions {
  /** Path of wsl.exe (the tests point this at the stand-in). */
  readonly wslExe?: string
}

/** Argument vector for wsl.exe, built from validated values only. */
export function wslArgs(spec: WslTargetSpec, opts: { asRoot?: boolean; exec?: readonly string[] }): string[] {
  const args = ['-d', spec.distro]
  const user = opts.asRoot ? 'root' : spec.user
  if (user) args.push('-u', user)
  if (opts.exec) args.push('--exec', ...opts.exec)
  return args
}

export async function listDistros(wslExe = program('wsl.exe')): Promise<WslDistro[]> {
  const quiet = await runProcessRaw(wslExe, ['-l', '-q'], { timeoutMs: 30_000 })
  if (quiet.exitCode !== 0) {
    throw new AppError('CONNECTION_FAILED', 'WSL lists no Linux distributions.', 'Install one: open PowerShell and run "wsl --install -d Ubuntu-24.04", then restart this app.')
  }
  const names = parseListQuiet(decodeWslOutput(quiet.stdout))
  const verbose = await runProcessRaw(wslExe, ['-l', '-v'], { timeoutMs: 30_000 })
  const detailed = verbose.exitCode === 0 ? parseListVerbose(decodeWslOutput(verbose.stdout), names) : []
  return names.map((name) => detailed.find((d) => d.name === name) ?? { name, isDefault: false, state: '', version: 0 })
}

export class WslTarget implements Target {
  readonly kind = 'wsl' as const
  readonly key: string
  readonly label: string
  readonly distro: string
  private readonly wslExe: string
  /**
   * One persistent wsl.exe per distro for the user and one for root: many short wsl.exe calls make the
   * user's systemd manager restart the OpenClaw gateway (openclaw#143110).
   */
  private readonly userChannel: ControlChannel
  private readonly rootChannel: ControlChannel
  private readonly lost = new LostListeners()

  constructor(
    readonly spec: WslTargetSpec,
    opts: WslTargetOptions = {},
  ) {
    this.key = targetKey(spec)
    this.label = targetLabel(spec)
    this.distro = spec.distro
    this.wslExe = opts.wslExe ?? program('wsl.exe')
    this.userChannel = this.channel(false)
    this.rootChannel = this.channel(true)
  }

  private channel(asRoot: boolean): ControlChannel {
    return new ControlChannel(
      () => {
        // The bootstrap and the server travel over stdin: wsl.exe mangles "$" in command-line arguments.
        const marker = newMarker()
        return {
          file: this.wslExe,
          args: wslArgs(this.spec, { asRoot, exec: ['bash', '-s'] }),
          env: { ...process.env, WSL_UTF8: '1' },
          preamble: channelPreamble({ marker, bootstrapLine: true }),
        }
      },
      (said, code, phase) => {
        if (/WSL_E_DISTRO_NOT_FOUND|There is no distribution/.test(said)) {
          return new AppError('CONNECTION_FAILED', `WSL has no distribution named "${this.spec.distro}".`, 'Pick one of the installed distributions (wsl -l -v lists them).')
        }
        return phase === 'start'
          ? new AppError('CONNECTION_FAILED', `Could not start a shell in ${this.label} (exit code ${code ?? 'none'}). ${said.trim().split('\n').pop() ?? ''}`.trim(), 'Open the distribution once from the Start menu to finish its setup, then try again.')
          : new AppError('CONNECTION_FAILED', `The shell in ${this.label} ended unexpectedly.`, 'The next action starts it again. If it keeps happening, run "wsl --shutdown" and retry.')
      },
      this.lost.notify,
    )
  }

  /** Processes started so far by the control channels. */
  get channelStarts(): number {
    return this.userChannel.starts + this.rootChannel.starts
  }

  /** WSL gives the Windows user root in their own distributions without a password. */
  async sudoMode(): Promise<SudoMode> {
    return 'root'
  }

  async exec(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return (opts.asRoot ? this.rootChannel : this.userChannel).request(script, opts.params ?? {}, opts.timeoutMs)
  }

  terminalSpawn(command: TerminalCommand): SpawnSpec {
    if (command.kind === 'login-shell') {
      const args = wslArgs(this.spec, {})
      return { file: this.wslExe, args, display: `wsl.exe ${args.join(' ')}` }
    }
    checkPlainArgs(command.args)
    // --exec passes the argument vector as is (no shell), so "$" in the script survives.
    const args = wslArgs(this.spec, { asRoot: true, exec: ['/bin/bash', '-c', command.script, ...command.args] })
    const shown = wslArgs(this.spec, { asRoot: true, exec: ['/bin/bash', '-c', `'<${command.label}>'`, ...command.args] })
    return { file: this.wslExe, args, display: `wsl.exe ${shown.join(' ')}` }
  }

  onLost(listener: (err: Error) => void): () => void {
    return this.lost.add(listener)
  }

  /**
   * Restarts the distribution (`wsl.exe --terminate NAME`: every Linux process of it ends, so /etc/wsl.conf is read
   * again at the next start) and closes both channels; the next request starts them again.
   */
  async restart(): Promise<void> {
    // Closed first, so their ending is not reported as a lost connection.
    this.userChannel.close()
    this.rootChannel.close()
    const r = await runProcessRaw(this.wslExe, ['--terminate', this.spec.distro], { timeoutMs: 60_000 })
    this.restarts++
    if (r.exitCode !== 0) {
      const code = wslErrorCode(`${decodeWslOutput(r.stdout)}\n${decodeWslOutput(r.stderr)}`)
      throw new AppError('COMMAND_FAILED', `Could not restart ${this.label}: wsl.exe --terminate failed (exit code ${r.exitCode}${code ? `, ${code}` : ''}).`, `Close every window of the distribution, run "wsl.exe --terminate ${this.spec.distro}" in PowerShell, then check again.`)
    }
  }

  /** How many times restart() ran (tests). */
  restarts = 0

  async dispose(): Promise<void> {
    this.userChannel.dispose()
    this.rootChannel.dispose()
  }
}

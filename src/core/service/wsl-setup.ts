import type { EventChannel, EventPayloads, RunStarted, WslPreflightView, WslSetupOutcome, WslSetupPhase, WslSetupProgress } from '../../shared/ipc-contract'
import { AppError } from '../app-error'
import type { ChecklistStore } from '../store/checklist-store'
import type { PtySession } from '../targets/pty-session'
import { runProcess, runProcessRaw } from '../targets/run-process'
import type { SpawnSpec } from '../targets/target'
import { runPreflight, wslErrorCode, type PreflightResult } from '../targets/wsl-preflight'
import { decodeWslOutput } from '../targets/wsl-list'

export interface WslSetupDeps {
  readonly store: ChecklistStore
  readonly wslExe: string
  readonly emit: <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void
  /** AppService's one embedded terminal; `observe` sees the session's output too. */
  readonly openTerminal: (spawn: SpawnSpec, observe?: (data: string) => void) => PtySession
  readonly terminalBusy: () => boolean
}

export type InstallResult = 'ok' | 'uac-cancelled' | 'reboot-needed' | 'failed'

const UAC_CANCELLED = [1602]
const REBOOT = [3010, 1641]
const UAC_CODES = new Set(['ERROR_INSTALL_USEREXIT', '0x80070642', 'ERROR_CANCELLED', '0x800704c7'])
const REBOOT_CODES = new Set(['ERROR_SUCCESS_REBOOT_REQUIRED', 'ERROR_SUCCESS_REBOOT_INITIATED', '0x80070bc2', '0x80070669'])

/**
 * What an installer run ended in, from its exit code and the error code it printed (never its translated text).
 * Windows reports the MSI codes whole (1602 cancelled, 3010 / 1641 reboot); a POSIX parent keeps only the low
 * 8 bits of an exit status, so elsewhere (the Linux stand-in) they are compared modulo 256.
 */
export function installResult(exitCode: number, output: string, platform: NodeJS.Platform = process.platform): InstallResult {
  const same = (codes: readonly number[]) => codes.some((c) => (platform === 'win32' ? exitCode === c || exitCode >>> 0 === c : exitCode === (c & 0xff)))
  const code = wslErrorCode(output)
  if (same(UAC_CANCELLED) || (code && UAC_CODES.has(code))) return 'uac-cancelled'
  if (same(REBOOT) || (code && REBOOT_CODES.has(code))) return 'reboot-needed'
  return exitCode === 0 ? 'ok' : 'failed'
}

const MAX_OBSERVED = 64 * 1024

/**
 * The guided WSL setup: preflight, installing WSL or Ubuntu 24.04 in the embedded terminal, the first-user prompt,
 * and the progress that survives a reboot (kept in the store; a reopened app continues at the saved phase).
 */
export class WslSetup {
  private last: PreflightResult | null = null

  constructor(private readonly deps: WslSetupDeps) {}

  progress(): WslSetupProgress | null {
    return this.deps.store.setupProgress()
  }

  private save(phase: WslSetupPhase, distro: string | null, user?: string): WslSetupProgress {
    const p: WslSetupProgress = { phase, distro, ...(user ? { user } : {}), updatedAt: new Date().toISOString() }
    this.deps.store.saveSetupProgress(p)
    return p
  }

  /** Runs the wsl.exe management commands and moves saved progress on when the machine has moved on (e.g. rebooted). */
  async preflight(): Promise<WslPreflightView> {
    const result = await runPreflight(this.deps.wslExe)
    this.last = result
    let progress = this.progress()
    if (progress?.phase === 'reboot-pending') {
      const listed = progress.distro !== null && result.distros.some((d) => d.name === progress?.distro)
      if (listed) progress = this.save('first-user', progress.distro)
      else if (progress.distro === null && result.state === 'no-distro') progress = this.save('install-distro', null)
    } else if (progress?.phase === 'install-wsl' && result.state === 'no-distro') {
      progress = this.save('install-distro', null)
    }
    return { ...result, progress }
  }

  /**
   * Installs Ubuntu 24.04 (`wsl.exe --install -d Ubuntu-24.04 --no-launch`), or WSL itself first when it is missing
   * or virtualization is off (`wsl.exe --install --no-distribution`), in the terminal so progress and UAC show.
   */
  async install(distro: 'Ubuntu-24.04'): Promise<RunStarted> {
    this.refuseWhenBusy()
    const state = (this.last ?? (await this.preflight())).state
    const wslOnly = state === 'missing' || state === 'virtualization-off'
    if (wslOnly && this.last?.reason === 'not-found') {
      throw new AppError('COMMAND_FAILED', 'wsl.exe does not exist on this Windows, so nothing can be installed from here.', 'Update Windows (version 2004 / build 19041 or later), then reopen this app.')
    }
    const args = wslOnly ? ['--install', '--no-distribution'] : ['--install', '-d', distro, '--no-launch']
    this.save(wslOnly ? 'install-wsl' : 'install-distro', wslOnly ? null : distro)
    return this.runInTerminal(args, async (exitCode, output) => {
      const result = installResult(exitCode, output)
      if (result === 'uac-cancelled') {
        return { outcome: 'uac-cancelled', message: 'The installation was cancelled at the Windows administrator prompt (UAC); nothing was changed.', hint: 'Press Install again and choose "Yes" when Windows asks whether to allow changes.' }
      }
      if (result === 'reboot-needed') {
        this.save('reboot-pending', wslOnly ? null : distro)
        return { outcome: 'reboot-needed', message: 'Windows must restart to finish installing WSL.', hint: 'Restart Windows, then reopen this app: it continues here.' }
      }
      if (result === 'failed') {
        const code = wslErrorCode(output)
        return { outcome: 'failed', message: `The installer failed with exit code ${exitCode}${code ? ` (${code})` : ''}.`, hint: 'Read the terminal output above; check the internet connection and free disk space, then press Install again.' }
      }
      if (wslOnly) {
        this.save('install-distro', null)
        return { outcome: 'installed', message: 'WSL is installed.', hint: 'Now install Ubuntu 24.04.' }
      }
      const names = await this.listNames()
      if (!names.includes(distro)) {
        return { outcome: 'failed', message: `The installer ended without error, but WSL does not list ${distro}.`, hint: 'Restart Windows and reopen this app; if it is still missing, press Install again.' }
      }
      this.save('first-user', distro)
      return { outcome: 'installed', message: `${distro} is installed.`, hint: 'Next: create your Linux user in the terminal.' }
    }, wslOnly ? null : distro)
  }

  /**
   * The distribution's first interactive launch (`wsl.exe -d NAME`), where its setup asks for a new UNIX user name and
   * password in the terminal. Afterwards the default user is checked: it must not be root.
   */
  async firstUser(distro: string): Promise<RunStarted> {
    this.refuseWhenBusy()
    this.save('first-user', distro)
    return this.runInTerminal(['-d', distro], async () => {
      const env = { ...process.env, WSL_UTF8: '1' }
      const r = await runProcess(this.deps.wslExe, ['-d', distro, '--exec', 'sh', '-c', 'id -u; id -un'], { timeoutMs: 60_000, env })
      const [uid, name] = r.stdout.trim().split('\n').map((l) => l.trim())
      if (r.exitCode !== 0 || !uid || !/^\d+$/.test(uid)) {
        const code = wslErrorCode(decodeWslOutput(Buffer.from(r.stdout + r.stderr)))
        return { outcome: 'failed', message: `Could not start ${distro} to read its default user (exit code ${r.exitCode}${code ? `, ${code}` : ''}).`, hint: 'Press "Create the Linux user" again; if it keeps failing, run "wsl.exe --shutdown" in PowerShell first.' }
      }
      if (uid === '0') {
        return { outcome: 'failed', message: `${distro} still logs in as root: no Linux user was created.`, hint: 'Press "Create the Linux user" again and answer "Enter new UNIX username" in the terminal (then type exit at the Linux prompt).' }
      }
      this.save('connect', distro, name)
      return { outcome: 'user-created', message: `The default user of ${distro} is ${name ?? uid}.`, hint: 'Connect to it to start hardening.' }
    }, distro)
  }

  /** Called once a WSL target connected: the guided setup is over. */
  connected(distro: string): void {
    const p = this.progress()
    if (p && (p.distro === distro || p.distro === null)) this.deps.store.clearSetupProgress()
  }

  private refuseWhenBusy(): void {
    if (this.deps.terminalBusy()) throw new AppError('BUSY', 'Something is still running in the terminal.', 'Wait for it to finish, or press Cancel.')
  }

  private async listNames(): Promise<string[]> {
    const env = { ...process.env }
    delete env.WSL_UTF8
    const r = await runProcessRaw(this.deps.wslExe, ['--list', '--quiet'], { timeoutMs: 60_000, env })
    return r.exitCode === 0 ? decodeWslOutput(r.stdout).split('\n').map((l) => l.trim()).filter(Boolean) : []
  }

  private runInTerminal(
    args: string[],
    finish: (exitCode: number, output: string) => Promise<{ outcome: WslSetupOutcome; message: string; hint: string }>,
    distro: string | null,
  ): RunStarted {
    let output = ''
    const spawn: SpawnSpec = { file: this.deps.wslExe, args, display: `wsl.exe ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}` }
    const session = this.deps.openTerminal(spawn, (data) => {
      output = (output + data).slice(-MAX_OBSERVED)
    })
    void session.exitPromise
      .then((exitCode) => finish(exitCode, output))
      .catch((err: unknown) => {
        const e = AppError.from(err)
        return { outcome: 'failed' as const, message: e.message, hint: e.hint }
      })
      .then((r) => this.deps.emit('wsl:setup-finished', { sessionId: session.id, distro, ...r }))
    return { sessionId: session.id, command: spawn.display, terminal: true }
  }
}

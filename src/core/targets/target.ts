import type { TargetKind } from '../../shared/step'

export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export interface ExecOptions {
  /** Exported to the script as OCSS_<NAME>; sent over stdin, never in argv or shell text. */
  readonly params?: Readonly<Record<string, string>>
  /** Run as root (sudo over SSH, `-u root` on WSL). */
  readonly asRoot?: boolean
  readonly timeoutMs?: number
}

/** How a terminal session should be started on the target. */
export type TerminalCommand =
  /**
   * Run a fixed script of the app's own as root (`bash -c <script> <args…>`); the user answers sudo's prompt in the
   * terminal. `args` are plain words (letters, digits, . _ / -); `label` names the script in the displayed command;
   * `promptTag` (16-64 hex digits, new for each job) goes into sudo's prompt where sudo asks (see sudo-answer.ts).
   */
  | { readonly kind: 'root-command'; readonly script: string; readonly args: readonly string[]; readonly label: string; readonly promptTag: string }
  /** An interactive login shell. */
  | { readonly kind: 'login-shell' }

/** The program and arguments node-pty spawns for a terminal. Built from validated values only. */
export interface SpawnSpec {
  readonly file: string
  readonly args: readonly string[]
  /** The folder the program starts in (SSH: the app's own known_hosts folder, which the arguments name files in). */
  readonly cwd?: string
  /** The same command as a person would type it, for display. */
  readonly display: string
}

export type SudoMode = 'nopasswd' | 'password' | 'root'

/**
 * "A machine we harden". Two channels:
 * - a persistent, non-interactive control channel (`exec`): exit code and output, scripts and parameters on stdin;
 * - an interactive terminal (`terminalSpawn`), run through node-pty by the caller.
 */
export interface Target {
  readonly kind: TargetKind
  readonly key: string
  readonly label: string
  /** WSL: the distribution's name as `wsl.exe -d` takes it (Windows-side steps act on it); absent on SSH. */
  readonly distro?: string
  exec(script: string, opts?: ExecOptions): Promise<ExecResult>
  terminalSpawn(command: TerminalCommand): SpawnSpec
  /** Processes the persistent control channels have started (one per channel unless a connection was lost). */
  readonly channelStarts: number
  /** How root actions authenticate on this target (probed once). */
  sudoMode(): Promise<SudoMode>
  /**
   * Registers a listener for a control channel that went away on its own (network drop, killed sshd session, wsl.exe
   * ended). The next request starts it again. Returns the unsubscribe function.
   */
  onLost(listener: (err: Error) => void): () => void
  /** Preflight of the terminal's own ssh arguments (SSH: `ssh -G`, see SshTarget.checkArgs) before a terminal starts. */
  checkTerminal?(): Promise<void>
  /**
   * Refuses (AppError) when the login session could hand a typed sudo password to something else than sudo (SSH: a
   * forced command, ~/.ssh/rc …; core/targets/sudo-guard.ts). Called before a password is sent; absent = nothing to check.
   */
  checkBeforePassword?(): Promise<void>
  /** Restarts the machine's Linux side where that is cheap (WSL: `wsl.exe --terminate`); later requests reconnect. */
  restart?(): Promise<void>
  dispose(): Promise<void>
}

/** A small listener set, for onLost. */
export class LostListeners {
  private readonly listeners = new Set<(err: Error) => void>()

  add(listener: (err: Error) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  notify = (err: Error): void => {
    for (const l of [...this.listeners]) l(err)
  }
}

const PLAIN_WORD = /^[A-Za-z0-9._/-]+$/

/** Refuses anything but plain words as arguments of a root command. */
export function checkPlainArgs(args: readonly string[]): void {
  for (const a of args) if (!PLAIN_WORD.test(a) || a.startsWith('-')) throw new Error(`Refusing an unsafe argument for a root command: ${JSON.stringify(a)}`)
}

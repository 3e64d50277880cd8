import type { ConnectionState, ConnectionStatus } from '../../shared/ipc-contract'
import { AppError } from '../app-error'

/** How long each state may last before the app gives up on it and says what to do. */
export const CONNECTION_TIMEOUTS = {
  /** Reaching the machine and reading its host key (ssh-keyscan and ssh each wait at most 15 s). */
  connecting: 40_000,
  /** The person confirms a first-contact host key. */
  'confirm-host-key': 5 * 60_000,
  /** ssh login and the sudo probe on the control channel. */
  authenticating: 30_000,
  /** One reconnect attempt. */
  reconnecting: 20_000,
} as const

/** Waits before each reconnect attempt after a drop; then the app stops and offers a Reconnect button. */
export const RECONNECT_DELAYS_MS: readonly number[] = [500, 2_000, 5_000, 10_000, 20_000]

const IDLE: ConnectionStatus = { state: 'idle', targetLabel: null, since: new Date(0).toISOString(), timeoutMs: null, attempt: null, autoRetry: false, message: 'Not connected.', hint: '' }

export interface MonitorHooks {
  readonly emit: (status: ConnectionStatus) => void
  /** One reconnect attempt: resolves when the control channel answers again. */
  readonly reconnect: (timeoutMs: number) => Promise<void>
  readonly onReconnected: () => void
}

/**
 * The connection's visible state: connecting → (confirm host key) → authenticating → connected, and after a drop
 * lost → reconnecting → connected, or lost with a Reconnect button when every attempt failed. Each state has a
 * timeout and a message that says what to do.
 */
export class ConnectionMonitor {
  private status: ConnectionStatus = IDLE
  private timer: NodeJS.Timeout | null = null
  /** Bumped on every transition so a late attempt of an old cycle cannot change the state. */
  private epoch = 0
  private readonly delays: readonly number[]

  constructor(
    private readonly hooks: MonitorHooks,
    opts: { delays?: readonly number[] } = {},
  ) {
    this.delays = opts.delays ?? RECONNECT_DELAYS_MS
  }

  get current(): ConnectionStatus {
    return this.status
  }

  private set(state: ConnectionState, targetLabel: string | null, message: string, hint = '', attempt: number | null = null, autoRetry = false): number {
    this.clearTimer()
    const timeoutMs = state in CONNECTION_TIMEOUTS ? CONNECTION_TIMEOUTS[state as keyof typeof CONNECTION_TIMEOUTS] : null
    this.status = { state, targetLabel, since: new Date().toISOString(), timeoutMs, attempt, autoRetry, message, hint }
    this.hooks.emit(this.status)
    return ++this.epoch
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  idle(message = 'Not connected.', hint = ''): void {
    this.set('idle', null, message, hint)
  }

  connecting(label: string): void {
    this.set('connecting', label, `Reaching ${label}…`, 'If this takes long, check that the machine is on and that the address and port are right.')
  }

  /** Waiting for the person to compare the fingerprint; expires after five minutes. */
  confirmHostKey(label: string): void {
    const epoch = this.set('confirm-host-key', label, `Confirm the host key of ${label}.`, 'Compare the fingerprint with the one shown on the machine\'s own console before you trust it.')
    this.timer = setTimeout(() => {
      if (this.epoch !== epoch) return
      this.idle(`The host key of ${label} was not confirmed within 5 minutes; nothing was connected.`, 'Press Connect again when you have the machine\'s console at hand.')
    }, CONNECTION_TIMEOUTS['confirm-host-key'])
  }

  authenticating(label: string): void {
    this.set('authenticating', label, `Logging in to ${label}…`, 'The login uses the key file; sudo is probed without a password.')
  }

  connected(label: string): void {
    this.set('connected', label, `Connected to ${label}.`)
  }

  /** The control channel went away. Starts the reconnect cycle unless one is already running. */
  lost(label: string, err: Error): void {
    if (this.status.state === 'lost' || this.status.state === 'reconnecting') return
    const e = AppError.from(err)
    this.set('lost', label, `The connection to ${label} was lost: ${e.message}`, 'Reconnecting by itself…', null, true)
    void this.cycle(label, this.epoch)
  }

  /** The Reconnect button, after every automatic attempt failed. */
  retry(label: string): void {
    void this.cycle(label, this.set('lost', label, `Reconnecting to ${label}…`, '', null, true), 0)
  }

  private async cycle(label: string, epoch: number, from = 0): Promise<void> {
    let lastError = ''
    for (let i = from; i < this.delays.length; i++) {
      await new Promise<void>((r) => {
        this.timer = setTimeout(r, this.delays[i])
      })
      if (this.epoch !== epoch) return
      epoch = this.set('reconnecting', label, `Reconnecting to ${label} (attempt ${i + 1} of ${this.delays.length})…`, 'Nothing needs doing; the app retries by itself.', i + 1)
      try {
        await this.hooks.reconnect(CONNECTION_TIMEOUTS.reconnecting)
        if (this.epoch !== epoch) return
        this.connected(label)
        this.hooks.onReconnected()
        return
      } catch (err) {
        if (this.epoch !== epoch) return
        lastError = AppError.from(err).message
      }
    }
    this.set('lost', label, `Could not reconnect to ${label} after ${this.delays.length} attempts. ${lastError}`.trim(), 'Check that the machine is on and reachable, then press Reconnect.')
  }

  dispose(): void {
    this.epoch++
    this.clearTimer()
  }
}

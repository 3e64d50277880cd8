import { randomBytes } from 'node:crypto'
import * as pty from 'node-pty'
import type { SpawnSpec } from './target'

/** Output is batched for up to 16 ms or 200 KB before it crosses IPC (as Hyper does). */
const BATCH_MS = 16
const BATCH_MAX = 200_000
/** Flow control: pause the PTY above this many unacknowledged characters, resume below the low mark. */
export const HIGH_WATER = 500_000
export const LOW_WATER = 100_000
const DRAIN_QUIET_MS = 50
const DRAIN_MAX_MS = 2000

export interface PtySessionEvents {
  onData(data: string): void
  onExit(exitCode: number): void
}

/** One interactive terminal on a target: node-pty plus batching and back-pressure. */
export class PtySession {
  readonly id = randomBytes(8).toString('hex')
  private readonly proc: pty.IPty
  private buffer = ''
  private timer: NodeJS.Timeout | null = null
  private unacked = 0
  private paused = false
  private exited: number | null = null
  private draining = false
  private lastData = Date.now()
  readonly exitPromise: Promise<number>

  constructor(
    readonly spec: SpawnSpec,
    private readonly events: PtySessionEvents,
    size: { cols: number; rows: number } = { cols: 100, rows: 30 },
  ) {
    this.proc = pty.spawn(spec.file, [...spec.args], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      env: { ...process.env, TERM: 'xterm-256color' } as Record<string, string>,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    })
    let resolveExit: (code: number) => void = () => undefined
    this.exitPromise = new Promise((r) => (resolveExit = r))
    this.proc.onData((d) => this.push(d))
    this.proc.onExit(({ exitCode }) => {
      // node-pty can report the exit before the last output has been read: drain first. Known limit: output still
      // held in the kernel while the PTY was paused at the moment of exit (at most one PTY buffer) can be lost.
      this.draining = true
      if (this.paused) this.proc.resume()
      const finish = () => {
        this.flush()
        this.exited = exitCode
        this.events.onExit(exitCode)
        resolveExit(exitCode)
      }
      const started = Date.now()
      const settle = () => {
        if (Date.now() - this.lastData >= DRAIN_QUIET_MS || Date.now() - started > DRAIN_MAX_MS) finish()
        else setTimeout(settle, DRAIN_QUIET_MS)
      }
      setTimeout(settle, DRAIN_QUIET_MS)
    })
  }

  get exitCode(): number | null {
    return this.exited
  }

  private push(data: string): void {
    this.buffer += data
    this.unacked += data.length
    this.lastData = Date.now()
    if (!this.paused && !this.draining && this.unacked > HIGH_WATER) {
      this.paused = true
      this.proc.pause()
    }
    if (this.buffer.length >= BATCH_MAX) this.flush()
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), BATCH_MS)
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.buffer === '') return
    const data = this.buffer
    this.buffer = ''
    this.events.onData(data)
  }

  /** The renderer acknowledges characters it has written to xterm. */
  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars)
    if (this.paused && this.unacked < LOW_WATER) {
      this.paused = false
      this.proc.resume()
    }
  }

  get isPaused(): boolean {
    return this.paused
  }

  write(data: string): void {
    if (this.exited === null) this.proc.write(data)
  }

  resize(cols: number, rows: number): void {
    if (this.exited === null) this.proc.resize(cols, rows)
  }

  kill(): void {
    if (this.exited === null) {
      try {
        this.proc.kill()
      } catch {
        /* already gone */
      }
    }
  }
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { AppError } from '../app-error'
import channelServer from './channel-server.sh?raw'
import { MAX_OUTPUT } from './run-process'
import { buildStdin, encodeParams } from './stdin-protocol'
import type { ExecResult } from './target'

/** How to start the far end: the program, its arguments, and the stdin bytes that bring up channel-server.sh. */
export interface ChannelLaunch {
  readonly file: string
  readonly args: readonly string[]
  readonly env?: NodeJS.ProcessEnv
  /** The folder the program starts in. */
  readonly cwd?: string
  /** Bootstrap, marker (and a sudo password when needed), then the server script. */
  readonly preamble: Buffer
}

interface Pending {
  readonly id: number
  readonly owner: ChildProcessWithoutNullStreams
  readonly resolve: (r: ExecResult) => void
  readonly reject: (e: Error) => void
  readonly timer: NodeJS.Timeout
}

/** The largest reply (stdout + stderr of one request) accepted; the far end could otherwise use up the app's memory. */
export const MAX_REPLY_BYTES = MAX_OUTPUT
/** What may sit in the buffer outside a reply's body: a header line, or the far end's start-up output before READY. */
const MAX_UNFRAMED_BYTES = 64 * 1024

/** Turns the way the far end died into an error that says what to do. */
export type FailureMapper = (stderr: string, exitCode: number | null, phase: 'start' | 'request') => AppError

/**
 * One long-lived process per target (ssh or wsl.exe running channel-server.sh) that runs requests one
 * after another. Many short ssh/wsl.exe processes are slow, and on WSL they make the user's systemd
 * manager restart the OpenClaw gateway; this keeps it to one. A lost channel fails the requests in
 * flight and is started again on the next request. A reply larger than MAX_REPLY_BYTES fails its request and
 * closes the channel (the far end is still sending it); the next request starts a fresh one.
 */
export class ControlChannel {
  private child: ChildProcessWithoutNullStreams | null = null
  private ready: Promise<void> | null = null
  private buffer = Buffer.alloc(0)
  private stderr = ''
  private nextId = 1
  private queue: Promise<unknown> = Promise.resolve()
  private pending: Pending | null = null
  private header: { id: number; rc: number; out: number; err: number } | null = null
  /** How many processes this channel has started (tests and the benchmark count them). */
  starts = 0
  /** How many requests (round trips) were sent (the benchmark counts them). */
  requests = 0
  private disposed = false

  constructor(
    private readonly launch: () => ChannelLaunch,
    private readonly failure: FailureMapper,
    /** Called when a running far end goes away on its own (not through close() or dispose()). */
    private readonly onLost?: (err: AppError) => void,
    /**
     * Awaited before every start of the far end — the first one and each one after the process ended (a drop, a
     * timeout, a refused reply) — so that a check the start depends on is never skipped on a reconnect. A rejection
     * fails the request and starts nothing.
     */
    private readonly beforeStart?: () => Promise<void>,
  ) {}

  /** Runs one script; requests are serialised. */
  request(script: string, params: Readonly<Record<string, string>> = {}, timeoutMs = 120_000): Promise<ExecResult> {
    const run = this.queue.then(() => this.send(script, params, timeoutMs))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async send(script: string, params: Readonly<Record<string, string>>, timeoutMs: number): Promise<ExecResult> {
    if (this.disposed) throw new AppError('NOT_CONNECTED', 'The connection was closed.', 'Connect to the machine again.')
    if (!this.child && this.beforeStart) await this.beforeStart()
    await this.open()
    const child = this.child
    if (!child) throw this.failure(this.stderr, null, 'request')
    const id = this.nextId++
    this.requests++
    const encoded = encodeParams(params)
    const count = encoded === '' ? 0 : encoded.split('\n').length - 1
    const body = Buffer.from(script, 'utf8')
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null
        this.close()
        reject(new AppError('CONNECTION_FAILED', `The command did not finish within ${Math.round(timeoutMs / 1000)} s; the connection was closed.`, 'Check that the machine is responsive, then try again.'))
      }, timeoutMs)
      this.pending = { id, owner: child, resolve, reject, timer }
      child.stdin.write(Buffer.concat([Buffer.from(`REQ ${id} ${count} ${body.length}\n${encoded}`, 'utf8'), body]))
      this.drain()
    })
  }

  private open(): Promise<void> {
    if (this.child && this.ready) return this.ready
    const spec = this.launch()
    const child = spawn(spec.file, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'], env: spec.env ?? process.env, windowsHide: true, ...(spec.cwd ? { cwd: spec.cwd } : {}) })
    this.child = child
    this.starts++
    this.buffer = Buffer.alloc(0)
    this.stderr = ''
    this.header = null
    this.ready = new Promise<void>((resolve, reject) => {
      let up = false
      const onReady = () => {
        up = true
        resolve()
      }
      child.stdout.on('data', (chunk: Buffer) => {
        if (this.child !== child) return // a replaced process must not disturb the new one's framing
        this.buffer = Buffer.concat([this.buffer, chunk])
        if (!up) {
          const m = /OCSS-READY \d+\n/.exec(this.buffer.toString('latin1'))
          if (!m) {
            // Start-up noise (a login banner, say): only its tail can hold READY or explain a failure.
            if (this.buffer.length > MAX_UNFRAMED_BYTES) this.buffer = this.buffer.subarray(this.buffer.length - MAX_UNFRAMED_BYTES)
            return
          }
          this.buffer = this.buffer.subarray(m.index + m[0].length)
          onReady()
        }
        this.drain()
      })
      child.stderr.on('data', (chunk: Buffer) => {
        if (this.child !== child) return
        if (this.stderr.length < 64 * 1024) this.stderr += chunk.toString('utf8')
      })
      child.stdin.on('error', () => undefined)
      child.on('error', (err: NodeJS.ErrnoException) => {
        this.child = null
        reject(err.code === 'ENOENT' ? new AppError('CONNECTION_FAILED', `The program "${spec.file}" was not found.`, 'Check that it is installed and on the PATH.') : err)
      })
      child.on('close', (code) => {
        const unexpected = this.child === child
        if (unexpected) {
          this.child = null
          this.ready = null
        }
        // Before READY, whatever the far end printed (wsl.exe prints its errors on stdout) explains the failure.
        const said = up ? this.stderr : `${this.stderr}\n${this.buffer.toString('utf8').replace(/\0/g, '')}`
        const err = this.failure(said, code, up ? 'request' : 'start')
        if (up && unexpected && !this.disposed) this.onLost?.(err)
        if (!up) reject(err)
        const p = this.pending
        if (p && p.owner === child) {
          this.pending = null
          clearTimeout(p.timer)
          p.reject(err)
        }
      })
      child.stdin.write(spec.preamble)
    })
    // Keep a rejected start from being reported as unhandled; callers see it through send().
    this.ready.catch(() => undefined)
    return this.ready
  }

  /** Parses `OCSS-RESP id rc out err` headers and their bodies from the buffer. */
  private drain(): void {
    for (;;) {
      if (!this.header) {
        const nl = this.buffer.indexOf(0x0a)
        if (nl < 0) {
          if (this.buffer.length > MAX_UNFRAMED_BYTES) this.refuse(`The machine sent ${Math.round(this.buffer.length / 1024)} KB that are not a reply (no reply header); the command's result was dropped and the connection closed.`)
          return
        }
        const line = this.buffer.subarray(0, nl).toString('latin1')
        this.buffer = this.buffer.subarray(nl + 1)
        const m = /^OCSS-RESP (\d+) (\d+) (\d+) (\d+)$/.exec(line)
        if (!m) continue
        this.header = { id: Number(m[1]), rc: Number(m[2]), out: Number(m[3]), err: Number(m[4]) }
        if (this.header.out + this.header.err > MAX_REPLY_BYTES) {
          this.refuse(`The machine sent a reply of ${mib(this.header.out + this.header.err)}, more than the ${mib(MAX_REPLY_BYTES)} the app accepts for one command; the result was dropped and the connection closed.`)
          return
        }
      }
      const h = this.header
      if (this.buffer.length < h.out + h.err) return
      const stdout = this.buffer.subarray(0, h.out).toString('utf8')
      const stderr = this.buffer.subarray(h.out, h.out + h.err).toString('utf8')
      this.buffer = this.buffer.subarray(h.out + h.err)
      this.header = null
      const p = this.pending
      if (p && p.id === h.id) {
        this.pending = null
        clearTimeout(p.timer)
        p.resolve({ exitCode: h.rc, stdout, stderr })
      }
    }
  }

  /** Fails the request in flight because the far end sends too much, and closes the channel (the next request reopens it). */
  private refuse(message: string): void {
    const p = this.pending
    this.pending = null
    this.header = null
    this.buffer = Buffer.alloc(0)
    this.close()
    if (p) {
      clearTimeout(p.timer)
      p.reject(
        new AppError(
          'COMMAND_FAILED',
          message,
          'Something on the machine prints far more than expected (check its login scripts and the command\'s output there), then try again: the next command reconnects.',
        ),
      )
    }
  }

  /** Closes the channel for good: later requests fail instead of reconnecting. */
  dispose(): void {
    this.disposed = true
    this.close()
  }

  close(): void {
    const child = this.child
    this.child = null
    this.ready = null
    if (child) {
      child.stdin.end()
      child.kill('SIGTERM')
    }
  }
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}

/** The stdin bytes that bring up channel-server.sh behind the bootstrap (see stdin-protocol.ts). */
export function channelPreamble(opts: { marker: string; sudoPassword?: string; bootstrapLine?: boolean }): Buffer {
  return buildStdin({ marker: opts.marker, script: channelServer, ...(opts.sudoPassword !== undefined ? { sudoPassword: opts.sudoPassword } : {}), ...(opts.bootstrapLine ? { bootstrapLine: true } : {}) })
}

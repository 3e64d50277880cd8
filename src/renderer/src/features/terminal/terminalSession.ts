import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { MAX_TERMINAL_INPUT } from '../../../../shared/ipc-contract'
import { send, subscribe } from '../../api'

/** Output for a session whose RunStarted has not arrived yet is held this long, then dropped. */
const PENDING_MS = 5000
const PENDING_MAX_CHARS = 2_000_000
const DIM = '\x1b[2m'
const RESET = '\x1b[0m'

interface Pending {
  chunks: string[]
  chars: number
  exitCode: number | null
  timer: number
}

export type SessionListener = (state: SessionState) => void

export interface SessionState {
  readonly sessionId: string | null
  /** Null while the process runs. */
  readonly exitCode: number | null
}

/**
 * The one xterm instance of the app and the terminal session it shows. It lives for the whole
 * renderer lifetime; `TerminalView` moves its element into whichever screen shows the terminal.
 */
class TerminalSession {
  readonly term: Terminal
  private readonly fit = new FitAddon()
  private readonly search = new SearchAddon()
  private readonly host: HTMLDivElement
  private opened = false
  private observer: ResizeObserver | null = null
  private started = false
  private current: string | null = null
  private exitCode: number | null = null
  private endsWithNewline = true
  private hasOutput = false
  private readonly ended = new Set<string>()
  private readonly pending = new Map<string, Pending>()
  private readonly listeners = new Set<SessionListener>()

  constructor() {
    this.term = new Terminal({
      fontFamily: "'Cascadia Mono', 'Cascadia Code', Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Courier New', monospace",
      fontSize: 13,
      lineHeight: 1.15,
      scrollback: 5000,
      convertEol: false,
      cursorBlink: true,
      theme: {
        background: '#1b1b1f',
        foreground: '#d6d6d6',
        cursor: '#ffffff',
        selectionBackground: '#264f78',
        black: '#0c0c0c',
        red: '#e5534b',
        green: '#57ab5a',
        yellow: '#c69026',
        blue: '#539bf5',
        magenta: '#b083f0',
        cyan: '#39c5cf',
        white: '#d6d6d6',
        brightBlack: '#8b8b8b',
        brightRed: '#ff7b72',
        brightGreen: '#7ee787',
        brightYellow: '#e3b341',
        brightBlue: '#79c0ff',
        brightMagenta: '#d2a8ff',
        brightCyan: '#56d4dd',
        brightWhite: '#ffffff',
      },
    })
    this.term.loadAddon(this.fit)
    this.term.loadAddon(this.search)
    // Links are underlined but never opened: the app does not navigate anywhere.
    this.term.loadAddon(new WebLinksAddon(() => undefined))
    this.host = document.createElement('div')
    this.host.className = 'ocss-terminal-host'
    this.host.style.width = '100%'
    this.host.style.height = '100%'
    this.term.onData((data) => {
      const sessionId = this.current
      if (!sessionId || this.exitCode !== null) return
      // A huge paste is refused whole, with a message, rather than typed into a root shell or a prompt.
      if (data.length > MAX_TERMINAL_INPUT) {
        this.term.write(`\r\n\x1b[33m[paste refused: ${Math.ceil(data.length / 1024)} KiB is over the ${MAX_TERMINAL_INPUT / 1024} KiB limit; nothing was sent]\x1b[0m\r\n`)
        return
      }
      send('terminal:input', { sessionId, data })
    })
    this.term.onResize(({ cols, rows }) => this.sendSize(cols, rows))
    if (import.meta.env.MODE === 'e2e') window.__ocssTerminal = this.term
  }

  /** Subscribes to the terminal events from main. Idempotent; returns the unsubscribe function. */
  start(): () => void {
    if (this.started) return () => undefined
    this.started = true
    const offData = subscribe('terminal:data', ({ sessionId, data }) => this.onData(sessionId, data))
    const offExit = subscribe('terminal:exit', ({ sessionId, exitCode }) => this.onExit(sessionId, exitCode))
    return () => {
      offData()
      offExit()
      this.started = false
    }
  }

  /** A job started: show its command line, then its output. */
  begin(sessionId: string, command: string): void {
    if (this.current && this.current !== sessionId) this.ended.add(this.current)
    this.current = sessionId
    this.exitCode = null
    const safe = command.replace(/[\x00-\x1f\x7f]/g, ' ')
    const gap = this.hasOutput ? (this.endsWithNewline ? '\r\n' : '\r\n\r\n') : ''
    this.hasOutput = true
    this.term.write(`${gap}${DIM}──── ${new Date().toLocaleTimeString()} ──── $ ${safe}${RESET}\r\n`)
    this.endsWithNewline = true
    this.emit()
    this.sendSize(this.term.cols, this.term.rows)
    for (const [id, held] of this.pending) {
      window.clearTimeout(held.timer)
      this.pending.delete(id)
      if (id !== sessionId) {
        send('terminal:ack', { sessionId: id, chars: held.chars })
        continue
      }
      for (const chunk of held.chunks) this.writeOutput(id, chunk)
      if (held.exitCode !== null) this.onExit(id, held.exitCode)
    }
    this.term.focus()
  }

  /** Stops sending keystrokes (e.g. after a disconnect). */
  end(): void {
    if (this.current && this.exitCode === null) {
      this.exitCode = -1
      this.emit()
    }
  }

  get state(): SessionState {
    return { sessionId: this.current, exitCode: this.exitCode }
  }

  onChange(listener: SessionListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Puts the terminal into `container` and keeps it fitted to the container's size. */
  attach(container: HTMLElement): void {
    container.appendChild(this.host)
    if (!this.opened) {
      this.term.open(this.host)
      this.opened = true
    }
    this.observer?.disconnect()
    this.observer = new ResizeObserver(() => this.refit())
    this.observer.observe(container)
    this.refit()
  }

  detach(container: HTMLElement): void {
    this.observer?.disconnect()
    this.observer = null
    if (this.host.parentElement === container) container.removeChild(this.host)
  }

  focus(): void {
    this.term.focus()
  }

  findNext(text: string): boolean {
    return text ? this.search.findNext(text, { caseSensitive: false }) : false
  }

  findPrevious(text: string): boolean {
    return text ? this.search.findPrevious(text, { caseSensitive: false }) : false
  }

  clearSearch(): void {
    this.search.clearDecorations()
    this.term.clearSelection()
  }

  private refit(): void {
    if (!this.host.isConnected || this.host.clientWidth === 0 || this.host.clientHeight === 0) return
    try {
      this.fit.fit()
    } catch {
      /* not measurable yet */
    }
  }

  private sendSize(cols: number, rows: number): void {
    if (this.current && this.exitCode === null && cols >= 2 && rows >= 1) {
      send('terminal:resize', { sessionId: this.current, cols: Math.min(cols, 1000), rows: Math.min(rows, 500) })
    }
  }

  private onData(sessionId: string, data: string): void {
    if (sessionId === this.current) {
      this.writeOutput(sessionId, data)
      return
    }
    if (this.ended.has(sessionId)) {
      send('terminal:ack', { sessionId, chars: data.length })
      return
    }
    // Output can overtake the RunStarted reply: hold it until `begin` names the session.
    const held = this.pending.get(sessionId) ?? this.hold(sessionId)
    if (held.chars + data.length > PENDING_MAX_CHARS) return
    held.chunks.push(data)
    held.chars += data.length
  }

  private onExit(sessionId: string, exitCode: number): void {
    if (sessionId !== this.current) {
      const held = this.pending.get(sessionId)
      if (held) held.exitCode = exitCode
      return
    }
    if (this.exitCode !== null && this.exitCode !== -1) return
    this.exitCode = exitCode
    this.term.write(`${this.endsWithNewline ? '' : '\r\n'}${DIM}[process exited with code ${exitCode}]${RESET}\r\n`)
    this.endsWithNewline = true
    this.emit()
  }

  private hold(sessionId: string): Pending {
    const held: Pending = {
      chunks: [],
      chars: 0,
      exitCode: null,
      timer: window.setTimeout(() => {
        this.pending.delete(sessionId)
        this.ended.add(sessionId)
        send('terminal:ack', { sessionId, chars: held.chars })
      }, PENDING_MS),
    }
    this.pending.set(sessionId, held)
    return held
  }

  private writeOutput(sessionId: string, data: string): void {
    if (data.length === 0) return
    this.endsWithNewline = data.endsWith('\n')
    this.term.write(data, () => send('terminal:ack', { sessionId, chars: data.length }))
  }

  private emit(): void {
    const state = this.state
    for (const listener of this.listeners) listener(state)
  }
}

/** Splits `text` into pieces of at most `max` UTF-16 units without splitting a surrogate pair. */

let instance: TerminalSession | null = null

/** The app's terminal (created on first use). */
export function terminalSession(): TerminalSession {
  instance ??= new TerminalSession()
  return instance
}

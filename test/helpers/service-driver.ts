import { AppService, type AppServiceOptions } from '../../src/core/service/app-service'
import type { ConnectionStatus, EventChannel, EventPayloads, InvokeChannel, InvokeResults, RunFinished, WslSetupFinished } from '../../src/shared/ipc-contract'
import { waitFor } from './lab-target'
import { createUserWorld } from './user-world'

/**
 * Drives the AppService exactly as the window does (contract channels and events), answering
 * sudo's prompt in the terminal like a person would. Without a data folder it gets a fresh user world's (the app's
 * default data folder under a HOME with spaces and non-ASCII letters, test/helpers/user-world.ts).
 */
export class ServiceDriver {
  readonly svc: AppService
  terminal = ''
  finished: RunFinished[] = []
  /** Every connection:state event, in order. */
  states: ConnectionStatus[] = []
  /** Every event, in order. */
  events: { event: EventChannel; payload: unknown }[] = []
  setupFinished: WslSetupFinished[] = []

  constructor(
    readonly dataDir = createUserWorld().dataDir,
    wslExe?: string,
    extra: Partial<Omit<AppServiceOptions, 'dataDir' | 'emit'>> = {},
  ) {
    this.svc = new AppService({ dataDir, emit: (e, p) => this.onEvent(e, p), ...(wslExe ? { wslExe } : {}), ...extra })
  }

  private onEvent<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    this.events.push({ event, payload })
    if (event === 'terminal:data') {
      const p = payload as EventPayloads['terminal:data']
      this.terminal += p.data
      void this.svc.handle('terminal:ack', { sessionId: p.sessionId, chars: p.data.length })
    }
    if (event === 'run:finished') this.finished.push(payload as RunFinished)
    if (event === 'connection:state') this.states.push(payload as ConnectionStatus)
    if (event === 'wsl:setup-finished') this.setupFinished.push(payload as WslSetupFinished)
  }

  async call<C extends InvokeChannel>(channel: C, payload: unknown): Promise<InvokeResults[C]> {
    const r = await this.svc.handle(channel, payload)
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
    return r.value
  }

  /** Runs a job; types `password` when sudo asks for it. Returns the job's outcome. */
  async run(channel: 'step:run' | 'checks:run', payload: unknown, password?: string, timeoutMs = 120_000): Promise<RunFinished> {
    const before = this.finished.length
    const mark = this.terminal.length
    const started = await this.call(channel, payload)
    let answered = false
    const start = Date.now()
    while (this.finished.length === before) {
      if (!answered && password !== undefined && /\[sudo\] password for/.test(this.terminal.slice(mark))) {
        await this.call('terminal:input', { sessionId: started.sessionId, data: `${password}\r` })
        answered = true
      }
      if (Date.now() - start > timeoutMs) throw new Error(`job did not finish; terminal:\n${this.terminal.slice(mark)}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    await waitFor(() => this.finished.length > before, 1000, 'run:finished')
    const result = this.finished[this.finished.length - 1]
    if (!result) throw new Error('no result')
    return result
  }
}

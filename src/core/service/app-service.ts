import type { z } from 'zod'
import { stepById, STEPS, stepsFor } from '../../catalog'
import {
  invokeSchemas,
  type AppState,
  type ChecklistView,
  type ConnectResult,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeResults,
  type RunStarted,
  type TargetSummary,
} from '../../shared/ipc-contract'
import type { Envelope } from '../../shared/result'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import { checkVersion, collectJob, jobLaunch, launchArgs, recordsFrom, stageJob, type JobItem } from '../runner/job'
import { ChecklistStore } from '../store/checklist-store'
import { PtySession } from '../targets/pty-session'
import type { SpawnSpec, SudoMode, Target } from '../targets/target'
import { connectTarget } from './connect'
import { stepViews } from './step-views'
import { WslSetup } from './wsl-setup'
import { restartIfNeeded } from './wsl-restart'

export interface AppServiceOptions {
  readonly dataDir: string
  readonly emit: <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void
  readonly wslExe?: string
}

type Handlers = { [C in InvokeChannel]: (payload: z.output<(typeof invokeSchemas)[C]>) => Promise<InvokeResults[C]> }

/**
 * Everything the window can ask for. Electron's main process and the browser test bridge both route
 * the IPC contract here, so validation and behaviour are the same code in both.
 */
export class AppService {
  readonly store: ChecklistStore
  private target: Target | null = null
  private sudo: SudoMode | null = null
  private session: PtySession | null = null
  private checking = false
  /** Set synchronously while a job is being staged, so two quick clicks cannot start two root jobs. */
  private starting = false

  private readonly wslSetup: WslSetup

  constructor(private readonly opts: AppServiceOptions) {
    this.store = new ChecklistStore(opts.dataDir)
    this.wslSetup = new WslSetup({
      store: this.store,
      wslExe: opts.wslExe ?? 'wsl.exe',
      emit: opts.emit,
      openTerminal: (spawn, observe) => this.openTerminal(spawn, observe),
      terminalBusy: () => this.terminalBusy(),
    })
  }

  /** Validates the payload against the contract, runs the handler, and wraps the result in the envelope. */
  async handle<C extends InvokeChannel>(channel: C, payload: unknown): Promise<Envelope<InvokeResults[C]>> {
    const schema = invokeSchemas[channel]
    if (!schema) return { ok: false, error: { code: 'INVALID_INPUT', message: `Unknown request "${String(channel)}".`, hint: 'Update the app.' } }
    const parsed = schema.safeParse(payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.filter((p) => p !== 'target').join('.')
      return { ok: false, error: { code: 'INVALID_INPUT', message: `${where ? `${where}: ` : ''}${issue?.message ?? 'Invalid input.'}`, hint: 'Correct the value and try again. Nothing was run.' } }
    }
    try {
      const handler = this.handlers[channel] as (p: unknown) => Promise<InvokeResults[C]>
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      return { ok: false, error: AppError.from(err).toShape() }
    }
  }

  private readonly handlers: Handlers = {
    'app:state': async () => this.state(),
    'target:connect': async ({ target, trustFingerprint }) => this.connect(target, trustFingerprint),
    'target:disconnect': async () => {
      await this.disconnect()
      return null
    },
    'step:run': async ({ stepId, action }) => this.startJob(action, [{ stepId, action }, { stepId, action: 'check' }]),
    'checks:run': async ({ stepIds }) => {
      const ids = stepIds ?? stepsFor(this.requireTarget().kind).map((s) => s.meta.id)
      return this.startJob('check', ids.map((stepId) => ({ stepId, action: 'check' as const })))
    },
    'terminal:input': async ({ sessionId, data }) => {
      this.sessionFor(sessionId)?.write(data)
      return null
    },
    'terminal:resize': async ({ sessionId, cols, rows }) => {
      this.sessionFor(sessionId)?.resize(cols, rows)
      return null
    },
    'terminal:ack': async ({ sessionId, chars }) => {
      this.sessionFor(sessionId)?.ack(chars)
      return null
    },
    'terminal:cancel': async ({ sessionId }) => {
      this.sessionFor(sessionId)?.kill()
      return null
    },
    'wsl:preflight': async () => this.wslSetup.preflight(),
    'wsl:install': async ({ distro }) => this.wslSetup.install(distro),
    'wsl:first-user': async ({ distro }) => this.wslSetup.firstUser(distro),
  }

  private sessionFor(id: string): PtySession | null {
    return this.session && this.session.id === id ? this.session : null
  }

  private requireTarget(): Target {
    if (!this.target) throw new AppError('NOT_CONNECTED', 'No machine is connected.', 'Connect to the machine first.')
    return this.target
  }

  state(): AppState {
    const lastKey = this.store.lastTargetKey()
    return {
      steps: stepViews(),
      connected: this.summary(),
      lastTarget: lastKey ? (this.store.target(lastKey)?.spec ?? null) : null,
      checklist: this.checklist(),
      setup: this.wslSetup.progress(),
    }
  }

  private summary(): TargetSummary | null {
    return this.target && this.sudo ? { key: this.target.key, label: this.target.label, kind: this.target.kind, sudo: this.sudo } : null
  }

  /** Saved results for the connected (or last) target, one record per applicable step. */
  checklist(): ChecklistView {
    const key = this.target?.key ?? this.store.lastTargetKey()
    const record = key ? this.store.target(key) : undefined
    const kind = this.target?.kind ?? record?.spec.kind
    const steps = kind ? stepsFor(kind) : STEPS
    const items: CheckRecord[] = steps.map((step) => {
      const saved = record?.items[step.meta.id]
      if (saved && saved.checkVersion === checkVersion(step)) return saved
      return {
        stepId: step.meta.id,
        status: 'unknown',
        summary: saved ? 'The check has changed since the last run; run it again.' : 'Not checked yet.',
        evidence: [],
        checkedAt: saved?.checkedAt ?? null,
        checkVersion: checkVersion(step),
      }
    })
    return { targetKey: key ?? null, targetLabel: record?.label ?? null, items, checking: this.checking }
  }

  private async connect(spec: Parameters<typeof connectTarget>[0], trustFingerprint?: string): Promise<ConnectResult> {
    if (this.terminalBusy()) throw new AppError('BUSY', 'A job is still running in the terminal.', 'Wait for it to finish or cancel it first.')
    await this.disconnect()
    const outcome = await connectTarget(spec, {
      store: this.store,
      dataDir: this.opts.dataDir,
      ...(trustFingerprint ? { trustFingerprint } : {}),
      ...(this.opts.wslExe ? { wslExe: this.opts.wslExe } : {}),
    })
    if (outcome.status === 'host-key-unknown') {
      return { status: 'host-key-unknown', fingerprint: outcome.hostKey.fingerprint, keyType: outcome.hostKey.type, hostLabel: spec.kind === 'ssh' ? `${spec.host}:${spec.port}` : spec.distro }
    }
    this.target = outcome.target
    this.sudo = outcome.sudo
    if (spec.kind === 'wsl') this.wslSetup.connected(spec.distro)
    this.opts.emit('checklist:changed', this.checklist())
    const summary = this.summary()
    if (!summary) throw new AppError('INTERNAL', 'Connected without a summary.', 'Try again.')
    return { status: 'connected', target: summary }
  }

  async disconnect(): Promise<void> {
    this.session?.kill()
    await this.target?.dispose()
    this.target = null
    this.sudo = null
  }

  /** Stages the job, runs it as root in a new terminal session, then collects and saves the checks. */
  private async startJob(kind: 'apply' | 'undo' | 'check', items: JobItem[]): Promise<RunStarted> {
    const target = this.requireTarget()
    if (this.terminalBusy()) throw new AppError('BUSY', 'A job is already running in the terminal.', 'Wait for it to finish, or press Cancel.')
    this.starting = true
    try {
      return await this.launchJob(target, kind, items)
    } finally {
      this.starting = false
    }
  }

  private async launchJob(target: Target, kind: 'apply' | 'undo' | 'check', items: JobItem[]): Promise<RunStarted> {
    for (const item of items) {
      const step = stepById(item.stepId)
      if (!step) throw new AppError('INVALID_INPUT', `There is no step "${item.stepId}".`, 'Reload the app.')
      if (!step.meta.targets.includes(target.kind)) throw new AppError('STEP_NOT_APPLICABLE', `"${step.meta.title}" does not apply to ${target.kind.toUpperCase()} targets.`, 'Skip this step.')
    }
    const job = await stageJob(target, items)
    if (this.target !== target) throw new AppError('NOT_CONNECTED', 'The machine was disconnected while the job was being prepared.', 'Connect again and press the button again.')
    const spawn = target.terminalSpawn({ kind: 'root-command', script: jobLaunch, args: launchArgs(job), label: 'job launcher' })
    const session = this.openTerminal(spawn)
    if (kind === 'check') this.setChecking(true)
    void session.exitPromise.then((exitCode) => this.finishJob(target, kind, job, session.id, exitCode))
    return { sessionId: session.id, command: spawn.display }
  }

  /** True while a terminal session runs or a job is being prepared: only one at a time. */
  terminalBusy(): boolean {
    return this.starting || (this.session !== null && this.session.exitCode === null)
  }

  /**
   * Starts the one embedded terminal session (jobs, installers, first-user prompts): its output and exit go to the
   * window as terminal:data / terminal:exit, and terminal:input/resize/ack/cancel reach it by its id.
   */
  openTerminal(spawn: SpawnSpec, observe?: (data: string) => void): PtySession {
    const session = new PtySession(spawn, {
      onData: (data) => {
        observe?.(data)
        this.opts.emit('terminal:data', { sessionId: session.id, data })
      },
      onExit: (exitCode) => this.opts.emit('terminal:exit', { sessionId: session.id, exitCode }),
    })
    this.session = session
    return session
  }

  private setChecking(on: boolean): void {
    this.checking = on
    this.opts.emit('checklist:changed', this.checklist())
  }

  private async finishJob(target: Target, kind: 'apply' | 'undo' | 'check', job: Awaited<ReturnType<typeof stageJob>>, sessionId: string, exitCode: number): Promise<void> {
    const stepIds = [...new Set(job.items.map((i) => i.stepId))]
    let message: string
    let ok = exitCode === 0
    try {
      const results = await collectJob(target, job)
      if (exitCode !== 0 && results.every((r) => r.exitCode === null)) {
        throw new AppError('SUDO_FAILED', 'Nothing ran: sudo did not start the job (wrong password, or the prompt was cancelled).', `Press the button again and type the sudo password of the remote user into the terminal when it asks.`)
      }
      // A step that changed /etc/wsl.conf restarts the distro (wsl.exe --terminate) and is checked again afterwards.
      const restarted = exitCode === 0 ? await restartIfNeeded(target, kind, stepIds) : null
      const records = restarted ?? recordsFrom(results)
      this.store.saveResults(target.key, records)
      const failing = records.filter((r) => r.status !== 'pass')
      // ok = the job ran and, except after an undo, everything it checked passes.
      ok = ok && (kind === 'undo' || failing.length === 0)
      if (kind === 'check') message = failing.length === 0 ? `All ${records.length} check(s) pass.` : `${failing.length} of ${records.length} check(s) do not pass.`
      else if (exitCode !== 0) message = `The ${kind} script failed with exit code ${exitCode}. Read the terminal output above, fix the cause, and run it again.`
      else message = failing.length === 0 ? `${kind === 'apply' ? 'Applied' : 'Undone'}; the check now reads: ${records[0]?.summary ?? ''}` : `${kind === 'apply' ? 'Applied' : 'Undone'}; the check reads: ${failing[0]?.summary ?? ''}`
    } catch (err) {
      ok = false
      const e = AppError.from(err)
      message = `${e.message} ${e.hint}`
    }
    if (this.session?.id === sessionId) this.checking = false
    this.opts.emit('checklist:changed', this.checklist())
    this.opts.emit('run:finished', { sessionId, kind, stepIds, exitCode, ok, message })
  }

  async dispose(): Promise<void> {
    await this.disconnect()
  }
}

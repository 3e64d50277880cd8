import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import { STEPS, stepsFor } from '../../catalog'
import {
  invokeSchemas,
  type AppState,
  type ChecklistView,
  type ConnectResult,
  type ConnectionStatus,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeResults,
  type ReportExported,
  type TargetSummary,
} from '../../shared/ipc-contract'
import { version as APP_VERSION } from '../../../package.json'
import { CHECKLIST_ITEMS } from '../../checklist/items'
import { redact, redactLines } from '../../checklist/redact'
import { buildReport, renderReport, type ReportFormat } from '../../checklist/report/render'
import type { Envelope } from '../../shared/result'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import { checkVersion } from '../runner/job'
import { currentCheckVersions } from '../checklist/checklist-inputs'
import { checklistEntries, lastCheckedAt } from '../checklist/checklist-view'
import { stepChanges } from '../checklist/step-changes'
import { ChecklistStore } from '../store/checklist-store'
import { ManualStore } from '../store/manual-store'
import { ProgressStore } from '../store/progress-store'
import { PtySession } from '../targets/pty-session'
import type { SpawnSpec, SudoMode, Target } from '../targets/target'
import { connectTarget } from './connect'
import { targetLabel } from '../../shared/target-spec'
import { CONNECTION_TIMEOUTS, ConnectionMonitor } from './connection-monitor'
import { KeySetup, withAppIdentity, type TerminalWatch } from './key-setup'
import { openclawAccountWarning } from './openclaw-account'
import { stepViews } from './step-views'
import { StepJobs } from './step-jobs'
import { WslSetup } from './wsl-setup'
import { windowsSide } from '../windows/windows-side'
import { program } from '../targets/program-path'

export interface AppServiceOptions {
  readonly dataDir: string
  readonly emit: <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void
  readonly wslExe?: string
  /** Test seams: stand-ins for ssh / ssh-keyscan, and faster reconnect attempts. */
  readonly sshBinary?: string
  readonly keyscanBinary?: string
  readonly reconnectDelays?: readonly number[]
  /** How long the password-login step waits for its fresh key login (default 60 s). */
  readonly proofWaitSeconds?: number
  /**
   * Saves an exported report where the person chooses: Electron's main passes one that shows the save dialog and
   * writes the file with mode 600; the test bridge passes one writing to a temp file. Returns the path, or null when
   * the person cancelled. Without it, report:export is refused.
   */
  /** TESTS ONLY (StepJobsHost.testJobParams): never set by Electron's main. */
  readonly testJobParams?: Readonly<Record<string, string>>
  readonly saveFile?: (file: { readonly defaultName: string; readonly content: string; readonly format: ReportFormat }) => Promise<string | null>
}

type Handlers = { [C in InvokeChannel]: (payload: z.output<(typeof invokeSchemas)[C]>) => Promise<InvokeResults[C]> }

/**
 * Everything the window can ask for. Electron's main process and the browser test bridge both route
 * the IPC contract here, so validation and behaviour are the same code in both.
 */
export class AppService {
  readonly store: ChecklistStore
  /** Manual confirmations and waivers (manual.json). */
  readonly manual: ManualStore
  /** The step that was running per target, so a reopened app resumes there (progress.json). */
  readonly progress: ProgressStore
  /** Tells this instance's own running steps from those a closed app left behind. */
  private readonly instance = randomBytes(8).toString('hex')
  /** SSH key login and the lock-out guard (core/service/key-setup.ts). */
  readonly keys: KeySetup
  private target: Target | null = null
  private sudo: SudoMode | null = null
  private session: PtySession | null = null
  /** The job flow of the steps (core/service/step-jobs.ts). */
  readonly jobs: StepJobs
  /** The sudo password from the masked field, in memory only, until disconnect. */
  private sudoPassword: string | null = null
  /** What the machine showed at connect that the person should know (openclaw-account.ts). */
  private warnings: readonly string[] = []
  private offLost: (() => void) | null = null
  private readonly monitor: ConnectionMonitor

  private readonly wslSetup: WslSetup

  constructor(private readonly opts: AppServiceOptions) {
    this.store = new ChecklistStore(opts.dataDir)
    this.manual = new ManualStore(opts.dataDir)
    this.progress = new ProgressStore(opts.dataDir)
    this.monitor = new ConnectionMonitor(
      {
        emit: (status) => this.opts.emit('connection:state', status),
        reconnect: (timeoutMs) => this.reconnectOnce(timeoutMs),
        onReconnected: () => this.opts.emit('checklist:changed', this.checklist()),
      },
      opts.reconnectDelays ? { delays: opts.reconnectDelays } : {},
    )
    this.keys = new KeySetup(
      {
        dataDir: opts.dataDir,
        store: this.store,
        emit: (event, payload) => opts.emit(event, payload),
        target: () => this.target,
        terminalBusy: () => this.terminalBusy(),
        openTerminal: (spawn, watch) => this.openTerminal(spawn, watch),
      },
      opts.proofWaitSeconds !== undefined ? { proofWaitSeconds: opts.proofWaitSeconds } : {},
    )
    this.jobs = new StepJobs({
      store: this.store,
      progress: this.progress,
      keys: this.keys,
      instance: this.instance,
      target: () => this.target,
      sudo: () => this.sudo,
      sudoPassword: () => this.sudoPassword,
      sessionRunning: () => this.session !== null && this.session.exitCode === null,
      openTerminal: (spawn, watch) => this.openTerminal(spawn, watch),
      emit: (event, payload) => this.opts.emit(event, payload),
      checklistChanged: () => this.opts.emit('checklist:changed', this.checklist()),
      ...(opts.testJobParams ? { testJobParams: opts.testJobParams } : {}),
      windows: windowsSide(process.env, opts.dataDir, opts.wslExe),
    })
    this.wslSetup = new WslSetup({
      store: this.store,
      wslExe: opts.wslExe ?? program('wsl.exe'),
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
    'target:reconnect': async () => {
      const target = this.requireTarget()
      const state = this.monitor.current.state
      if (state === 'connected' || state === 'reconnecting') return null
      this.monitor.retry(target.label)
      return null
    },
    'target:sudo-password': async ({ password }) => this.useSudoPassword(password),
    'step:run': async ({ stepId, action, inputs }) => this.jobs.run({ stepId, action, ...(inputs ? { inputs } : {}) }),
    'checks:run': async ({ stepIds }) => this.jobs.check(stepIds),
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
      const session = this.sessionFor(sessionId)
      if (session) this.jobs.cancelled(session.id)
      session?.kill()
      return null
    },
    'ssh:key-status': async () => this.keys.status(),
    'ssh:key-install': async ({ target }) => this.keys.install(target),
    'ssh:key-prove': async () => this.keys.prove(),
    'wsl:preflight': async () => this.wslSetup.preflight(),
    'wsl:install': async ({ distro }) => this.wslSetup.install(distro),
    'wsl:first-user': async ({ distro }) => this.wslSetup.firstUser(distro),
    'checklist:confirm': async ({ itemId, who, note }) => {
      this.manual.confirm(this.requireChecklistKey(), itemId, { by: who, note })
      return this.emitChecklist()
    },
    'checklist:waive': async ({ itemId, who, reason, until }) => {
      if (until !== undefined && Date.parse(until) <= Date.now()) throw new AppError('INVALID_INPUT', `The waiver would end on ${until}, which has already passed.`, 'Give a date in the future, or none.')
      this.manual.waive(this.requireChecklistKey(), itemId, { by: who, reason, ...(until !== undefined ? { until: new Date(until).toISOString() } : {}) })
      return this.emitChecklist()
    },
    'checklist:clear': async ({ itemId }) => {
      this.manual.clear(this.requireChecklistKey(), itemId)
      return this.emitChecklist()
    },
    'report:export': async ({ format }) => this.exportReport(format),
  }

  /** The connected target's key, or the last one's: confirmations and waivers belong to a saved target. */
  private requireChecklistKey(): string {
    const key = this.target?.key ?? this.store.lastTargetKey()
    if (!key || !this.store.target(key)) throw new AppError('NOT_CONNECTED', 'There is no machine to keep this for yet.', 'Connect to the machine once; then confirm or waive its items.')
    return key
  }

  private emitChecklist(): ChecklistView {
    const view = this.checklist()
    this.opts.emit('checklist:changed', view)
    return view
  }

  /** Renders the saved checklist (every item, redacted) and hands it to the injected saveFile (a save dialog in the app). */
  private async exportReport(format: ReportFormat): Promise<ReportExported> {
    if (!this.opts.saveFile) throw new AppError('INTERNAL', 'Exporting is not available in this window.', 'Use the CLI: npm run cli -- report --format html --out FILE.')
    const key = this.requireChecklistKey()
    const record = this.store.target(key)
    if (!record) throw new AppError('NOT_CONNECTED', 'There is no saved checklist yet.', 'Connect to the machine and run the checks first.')
    const m = this.manual.forTarget(key)
    const now = new Date()
    const report = buildReport({
      kind: record.spec.kind,
      records: record.items,
      currentVersions: currentCheckVersions(),
      confirmations: m.confirmations,
      waivers: m.waivers,
      now,
      appVersion: APP_VERSION,
      targetLabel: record.label,
      items: CHECKLIST_ITEMS,
    })
    const content = renderReport(report, format)
    const stamp = now.toISOString().slice(0, 10)
    const path = await this.opts.saveFile({ defaultName: `openclaw-checklist-${stamp}.${format}`, content, format })
    return { saved: path !== null, path, format }
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
      connection: this.monitor.current,
      setup: this.wslSetup.progress(),
      storeProblems: [...this.store.problems(), ...this.manual.problems()].map(({ code, message, hint }) => ({ code, message, hint })),
      resume: this.resumePoint(lastKey),
    }
  }

  /** A step the last target was in the middle of when the app closed (not one this instance is running). */
  private resumePoint(key: string | null): AppState['resume'] {
    const p = key ? this.progress.current(key) : null
    if (!p || p.instance === this.instance) return null
    return { stepId: p.stepId, action: p.action, startedAt: p.startedAt }
  }

  /** The connection's state as the header shows it. */
  connection(): ConnectionStatus {
    return this.monitor.current
  }

  private summary(): TargetSummary | null {
    return this.target && this.sudo ? { key: this.target.key, label: this.target.label, kind: this.target.kind, sudo: this.sudo, sudoHeld: this.sudoPassword !== null, ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}) } : null
  }

  /** Saved results for the connected (or last) target, one record per applicable step. */
  checklist(): ChecklistView {
    const key = this.target?.key ?? this.store.lastTargetKey()
    const record = key ? this.store.target(key) : undefined
    const kind = this.target?.kind ?? record?.spec.kind
    const steps = kind ? stepsFor(kind) : STEPS
    const resume = this.resumePoint(key)
    const items: CheckRecord[] = steps.map((step) => {
      const saved = record?.items[step.meta.id]
      // A step the app was closed in the middle of: the cache cannot say what the machine looks like now.
      if (resume && resume.stepId === step.meta.id) {
        return { stepId: step.meta.id, status: 'interrupted', summary: `The app was closed while "${step.meta.title}" was running (${resume.action}); its state is re-checked on the machine.`, evidence: [], checkedAt: saved?.checkedAt ?? null, checkVersion: checkVersion(step) }
      }
      // Redacted again on the way out (the store keeps redacted evidence; this is the last line of defence).
      if (saved && saved.checkVersion === checkVersion(step)) return { ...saved, summary: redact(saved.summary), evidence: redactLines(saved.evidence) }
      return {
        stepId: step.meta.id,
        status: 'unknown',
        summary: saved ? 'The check has changed since the last run; run it again.' : 'Not checked yet.',
        evidence: [],
        checkedAt: saved?.checkedAt ?? null,
        checkVersion: checkVersion(step),
      }
    })
    const entries = checklistEntries(this.store, this.manual, key ?? null, kind)
    const changes = key ? stepChanges(this.store, key, steps.map((s) => s.meta.id)) : []
    return { targetKey: key ?? null, targetLabel: record?.label ?? null, items, checking: this.jobs.checking, kind: kind ?? null, entries, lastCheckedAt: lastCheckedAt(entries), changes, stepInputs: key ? this.store.allStepInputs(key) : {} }
  }

  private async connect(spec: Parameters<typeof connectTarget>[0], trustFingerprint?: string): Promise<ConnectResult> {
    if (this.terminalBusy()) throw new AppError('BUSY', 'A job is still running in the terminal.', 'Wait for it to finish or cancel it first.')
    await this.disconnect()
    const label = targetLabel(spec)
    this.monitor.connecting(label)
    const pending = connectTarget(withAppIdentity(spec, this.store, this.opts.dataDir), {
      store: this.store,
      dataDir: this.opts.dataDir,
      sudoPassword: () => this.sudoPassword ?? undefined,
      onAuthenticating: () => this.monitor.authenticating(label),
      ...(trustFingerprint ? { trustFingerprint } : {}),
      ...(this.opts.wslExe ? { wslExe: this.opts.wslExe } : {}),
      ...(this.opts.sshBinary ? { sshBinary: this.opts.sshBinary } : {}),
      ...(this.opts.keyscanBinary ? { keyscanBinary: this.opts.keyscanBinary } : {}),
    })
    let outcome: Awaited<typeof pending>
    try {
      outcome = await withDeadline(pending, CONNECTION_TIMEOUTS.connecting + CONNECTION_TIMEOUTS.authenticating, () =>
        new AppError('CONNECTION_FAILED', `${label} did not answer within ${Math.round((CONNECTION_TIMEOUTS.connecting + CONNECTION_TIMEOUTS.authenticating) / 1000)} s; nothing was connected.`, 'Check that the machine is on, that the address and port are right, and that no firewall drops the connection; then press Connect again.'),
      )
    } catch (err) {
      // A connection that completes after the deadline is closed at once.
      void pending.then((late) => (late.status === 'connected' ? late.target.dispose() : undefined)).catch(() => undefined)
      const e = AppError.from(err)
      this.monitor.idle(e.message, e.hint)
      throw err
    }
    if (outcome.status === 'host-key-unknown') {
      this.monitor.confirmHostKey(label)
      return { status: 'host-key-unknown', fingerprint: outcome.hostKey.fingerprint, keyType: outcome.hostKey.type, hostLabel: spec.kind === 'ssh' ? `${spec.host}:${spec.port}` : spec.distro }
    }
    const target = outcome.target
    this.target = target
    this.sudo = outcome.sudo
    const warning = spec.kind === 'ssh' ? await openclawAccountWarning(target, spec.user) : null
    this.warnings = warning ? [warning] : []
    this.offLost = target.onLost((err) => this.onLost(target, err))
    this.monitor.connected(target.label)
    if (spec.kind === 'wsl') this.wslSetup.connected(spec.distro)
    this.opts.emit('checklist:changed', this.checklist())
    const summary = this.summary()
    if (!summary) throw new AppError('INTERNAL', 'Connected without a summary.', 'Try again.')
    return { status: 'connected', target: summary }
  }

  /** A control channel went away on its own: show it, remember it for the running job, reconnect. */
  private onLost(target: Target, err: Error): void {
    if (this.target !== target) return
    this.jobs.connectionLost()
    this.monitor.lost(target.label, err)
  }

  /** One reconnect attempt: the next request on the user channel starts a new process. */
  private async reconnectOnce(timeoutMs: number): Promise<void> {
    const target = this.requireTarget()
    const r = await target.exec('true', { timeoutMs })
    if (r.exitCode !== 0) throw new AppError('CONNECTION_FAILED', `${target.label} answered, but a shell did not start (exit code ${r.exitCode}).`, 'Log in on the machine\'s console and check the account, then press Reconnect.')
  }

  /** Checks the password with sudo on the machine (over the control channel), then keeps it in memory. */
  private async useSudoPassword(password: string): Promise<TargetSummary> {
    const target = this.requireTarget()
    if (this.sudo !== 'password') throw new AppError('INVALID_INPUT', `${target.label} does not need a sudo password (${this.sudo === 'root' ? 'you log in as root' : 'sudo is allowed without one'}).`, 'Nothing to do.')
    if (this.terminalBusy()) throw new AppError('BUSY', 'A job is running.', 'Wait for it to finish, then enter the password again.')
    this.sudoPassword = password
    try {
      const r = await target.exec('true', { asRoot: true, timeoutMs: CONNECTION_TIMEOUTS.authenticating })
      if (r.exitCode !== 0) throw new AppError('SUDO_FAILED', `sudo on ${target.label} did not accept the password.`, 'Type the password of the remote user again.')
    } catch (err) {
      this.sudoPassword = null
      throw err
    }
    const summary = this.summary()
    if (!summary) throw new AppError('NOT_CONNECTED', 'The machine was disconnected.', 'Connect again.')
    return summary
  }

  async disconnect(): Promise<void> {
    this.session?.kill()
    this.offLost?.()
    this.offLost = null
    this.monitor.idle()
    await this.target?.dispose()
    this.target = null
    this.sudo = null
    this.sudoPassword = null
  }

  /** True while a terminal session runs or a job is being prepared: only one at a time. */
  terminalBusy(): boolean {
    return this.jobs.busy() || (this.session !== null && this.session.exitCode === null)
  }

  /**
   * Starts the one embedded terminal session (jobs, installers, first-user prompts): its output and exit go to the
   * window as terminal:data / terminal:exit, and terminal:input/resize/ack/cancel reach it by its id.
   */
  openTerminal(spawn: SpawnSpec, watch?: TerminalWatch): PtySession {
    const session = new PtySession(spawn, {
      onData: (data) => {
        this.opts.emit('terminal:data', { sessionId: session.id, data })
        watch?.(data, session)
      },
      onExit: (exitCode) => this.opts.emit('terminal:exit', { sessionId: session.id, exitCode }),
    })
    this.session = session
    return session
  }

  async dispose(): Promise<void> {
    await this.disconnect()
    this.monitor.dispose()
  }
}

/** Resolves like `promise`, or rejects with `timeout()` once `ms` have passed. */
function withDeadline<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

import { createHash, randomBytes } from 'node:crypto'
import { stepById, stepsFor, type CatalogStep } from '../../catalog'
import type { EventChannel, EventPayloads, RunStarted } from '../../shared/ipc-contract'
import type { CheckRecord } from '../../shared/step'
import { firstInputIssue, inputSchema, plainInputs, secretInputs, secretUrlHashName } from '../../shared/step-inputs'
import { applicableRequirements } from '../../shared/step-requirements'
import { AppError, isConnectionError } from '../app-error'
import { AUDIT_STEP_ID } from '../checklist/openclaw-audit'
import { probeCheckLauncher } from '../runner/check-launcher'
import { checkVersion, collectJob, jobLaunch, launchArgs, RUNNER_STARTED, stageJob, type JobAction, type JobEnv, type JobItem, type StagedJob } from '../runner/job'
import type { ChecklistStore } from '../store/checklist-store'
import type { ProgressStore } from '../store/progress-store'
import type { PtySession } from '../targets/pty-session'
import type { SpawnSpec, SudoMode, Target } from '../targets/target'
import { jobOutcome, judge, lostOutcome, type JobOutcome } from './job-outcome'
import type { KeySetup, TerminalWatch } from './key-setup'
import { runRecheckPass } from './recheck-pass'
import { savedHashes, savedInputs, savedJobEnv } from './saved-inputs'
import { secretAnswer, type SecretAnswer } from './secret-answer'
import { promptTag, sudoAnswer } from './sudo-answer'
import { restartIfNeeded } from './wsl-restart'
import type { WindowsSide } from '../windows/windows-side'
import { isWindowsStep, preflightWindowsStep, runWindowsStep, windowsChecks } from '../windows/windows-steps'

/** One request to run a step: apply, undo or one of its extra actions, with the inputs the person gave now. */
export interface StepRunRequest {
  readonly stepId: string
  /** 'apply' | 'undo' | the id of one of the step's `meta.actions`. */
  readonly action: string
  /** Non-secret values replace the saved ones (and are saved); secrets are typed at the job's prompt and forgotten. */
  readonly inputs?: Readonly<Record<string, string>>
}

/** What StepJobs needs from its owner (AppService in the window, the CLI's own host). */
export interface StepJobsHost {
  readonly store: ChecklistStore
  readonly progress: ProgressStore
  readonly keys: Pick<KeySetup, 'guardFor' | 'jobNote'>
  /** Tells this instance's own running steps from those a closed app left behind. */
  readonly instance: string
  target(): Target | null
  sudo(): SudoMode | null
  /** The sudo password held in memory (the masked field, or the CLI's stdin), or null. */
  sudoPassword(): string | null
  /** A terminal session is running (not counting jobs being prepared here). */
  sessionRunning(): boolean
  openTerminal(spawn: SpawnSpec, watch?: TerminalWatch): PtySession
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
  /** The checklist changed (results saved, checking started or ended): show it. */
  checklistChanged(): void
  /**
   * TESTS ONLY: job parameters that replace the steps' own (`CatalogStep.jobParams`), e.g. the hash table of the Node
   * tarball a lab mirror serves. AppService takes it from its options, which Electron's main never sets; the CLI from
   * OCSS_TEST_JOB_PARAMS (cli/test-job-params.ts), with a warning. Never an input or an IPC field.
   */
  readonly testJobParams?: Readonly<Record<string, string>>
  /** The Windows user's side, for the steps whose actor is 'windows' (core/windows/windows-steps.ts). */
  readonly windows?: WindowsSide
}

/**
 * The job flow of the steps: validating a run (the step, its action, its inputs, its requirements), staging the job,
 * running it as root in the terminal (sudo password and secret inputs typed at their tagged prompts), the batched
 * re-check pass over the control channels, and collecting, judging and saving the results. The window (AppService)
 * and the CLI both run steps through it, so the guards are the same code.
 */
export class StepJobs {
  /** Set synchronously while a job is being staged, so two quick clicks cannot start two root jobs. */
  private starting = false
  /** A job running over the control channel (no terminal). */
  private controlJob = false
  /** The connection dropped while the current job ran. */
  private lostDuringJob = false
  /** Terminal sessions the person cancelled (their ssh exits 255 too, but nothing dropped). */
  private readonly cancelledSessions = new Set<string>()
  private checkingNow = false

  constructor(private readonly host: StepJobsHost) {}

  /** A check is running (the checklist shows it). */
  get checking(): boolean {
    return this.checkingNow
  }

  /** A job is being prepared or runs over the control channel. */
  busy(): boolean {
    return this.starting || this.controlJob
  }

  /** The control channel went away on its own while a job may be running. */
  connectionLost(): void {
    if (this.controlJob || this.busy() || this.host.sessionRunning()) this.lostDuringJob = true
  }

  /** The person cancelled this terminal session: its exit code 255 is not a dropped connection. */
  cancelled(sessionId: string): void {
    this.cancelledSessions.add(sessionId)
  }

  /** `step:run`: apply, undo or an extra action, then the step's check, in one terminal job. */
  async run(req: StepRunRequest): Promise<RunStarted> {
    const target = this.requireTarget()
    if (this.busy() || this.host.sessionRunning()) throw new AppError('BUSY', 'A job is already running in the terminal.', 'Wait for it to finish, or press Cancel.')
    const step = requireApplicableStep(target, req.stepId)
    const kind: JobAction = req.action === 'apply' ? 'apply' : req.action === 'undo' ? 'undo' : 'action'
    if (kind === 'action' && !step.meta.actions?.some((a) => a.id === req.action)) {
      throw new AppError('INVALID_INPUT', `"${step.meta.title}" has no action "${req.action}".`, 'Choose Run, Undo or one of the step\'s own actions. Nothing was run.')
    }
    const resolved = this.resolveInputs(target.key, step, req.inputs ?? {}, kind === 'apply')
    const secrets = resolved.secrets
    if (kind !== 'undo') this.requireRequirements(target, step, resolved.plain)
    const given = plainInputs(step.meta.inputs ?? [], req.inputs ?? {})
    // A secret URL typed now: only its SHA-256 is kept (and staged), replacing the earlier one.
    const typedHashes = secretUrlHashes(step, secrets)
    const hashes = { ...savedHashes(this.host.store, target.key, step), ...typedHashes }
    if ((Object.keys(given).length > 0 || Object.keys(typedHashes).length > 0) && this.host.store.target(target.key)) {
      this.host.store.saveStepInputs(target.key, step.meta.id, { ...storedInputs(step, resolved.plain, { ...savedInputs(this.host.store, target.key, step), ...given }), ...hashes })
    }
    const plain = { ...resolved.plain, ...hashes }
    const key = target.key
    // A Windows-side step: refused here (before anything changes) when it cannot run, then run in this process.
    if (step.meta.actor === 'windows') {
      if (kind === 'action') throw new AppError('INVALID_INPUT', `"${step.meta.title}" has no action "${req.action}".`, 'Choose Run or Undo. Nothing was run.')
      // Held like a job being staged, so a second click during the preflight's wsl.exe call is refused as BUSY.
      this.starting = true
      try {
        await preflightWindowsStep(this.host.windows, target, step)
      } finally {
        this.starting = false
      }
    }
    // Where the person is, kept until the step finishes: an app closed meanwhile reopens at this step.
    this.host.progress.started(key, { stepId: step.meta.id, action: kind === 'undo' ? 'undo' : 'apply', startedAt: new Date().toISOString(), instance: this.host.instance })
    try {
      if (step.meta.actor === 'windows') return this.startWindowsJob(target, step, kind === 'undo' ? 'undo' : 'apply')
      const inputs = Object.keys(plain).length > 0 ? { inputs: plain } : {}
      return await this.startJob(kind, [{ stepId: step.meta.id, action: req.action, ...inputs }, { stepId: step.meta.id, action: 'check', ...inputs }], secrets)
    } catch (err) {
      this.host.progress.clear(key, step.meta.id)
      throw err
    }
  }

  /** `checks:run`: the given checks (default: every check of the target's kind, with OpenClaw's audit alongside). */
  async check(stepIds?: readonly string[]): Promise<RunStarted> {
    const target = this.requireTarget()
    const ids = stepIds ?? stepsFor(target.kind).map((s) => s.meta.id)
    const linux = ids.filter((id) => !isWindowsStep(id))
    const sudo = this.host.sudo()
    // Root without a prompt (root, NOPASSWD, or the password from the masked field): the whole pass in one root
    // request, with OpenClaw's own audit alongside when every check was asked for.
    // When sudo asks in the terminal, the checks are a terminal job and the audit waits for the next batched pass: run
    // alongside, it would hold the user channel the job's staging and collecting need.
    if (sudo !== 'password') return this.startRecheckPass(target, ids, stepIds === undefined)
    // The check-only sudo rule (step sudo-check-launcher): the same pass with no password at all, even when one is
    // held (as the CLI does): checks never need to send it.
    if (await probeCheckLauncher(target)) return this.startRecheckPass(target, ids, stepIds === undefined, true)
    if (this.host.sudoPassword() !== null || linux.length === 0) return this.startRecheckPass(target, ids, stepIds === undefined && linux.length > 0)
    // The Windows-side checks run here meanwhile; the terminal job runs the others.
    const windows = ids.filter(isWindowsStep)
    if (windows.length > 0) void this.saveWindowsChecks(target, windows)
    return this.startJob('check', linux.map((stepId) => this.checkItem(target.key, stepId)), {})
  }

  /**
   * What every job item of this target gets: each step's saved non-secret inputs (with defaults) for its own items,
   * and OC_USER (the saved input of the step openclaw-account) for every item.
   */
  envFor(key: string): JobEnv {
    return savedJobEnv(this.host.store, key)
  }

  /**
   * The inputs of this run: the saved non-secret ones, replaced by what the person gave now, validated against the
   * step's schema (never trusting the window's own check), split into what may be staged and the secrets.
   */
  private resolveInputs(key: string, step: CatalogStep, given: Readonly<Record<string, string>>, requireAll: boolean): { plain: Record<string, string>; secrets: Record<string, string> } {
    const inputs = step.meta.inputs ?? []
    if (inputs.length === 0 && Object.keys(given).length === 0) return { plain: {}, secrets: {} }
    const r = inputSchema(inputs, { requireAll }).safeParse({ ...savedInputs(this.host.store, key, step), ...given })
    if (!r.success) throw new AppError('INVALID_INPUT', `"${step.meta.title}": ${firstInputIssue(r.error)}`, 'Correct the value and try again. Nothing was run.')
    return { plain: plainInputs(inputs, r.data), secrets: secretInputs(inputs, r.data) }
  }

  /**
   * Refuses apply and extra actions while a step this one requires (on this kind of target, and for the run's inputs
   * when the requirement names some: `when`) does not pass.
   */
  private requireRequirements(target: Target, step: CatalogStep, inputs: Readonly<Record<string, string>>): void {
    const items = this.host.store.target(target.key)?.items ?? {}
    for (const r of applicableRequirements(step.meta, target.kind, inputs)) {
      const required = stepById(r.step)
      const saved = items[r.step]
      if (required && saved?.status === 'pass' && saved.checkVersion === checkVersion(required)) continue
      const title = required?.meta.title ?? r.step
      throw new AppError('FORBIDDEN', `Run "${title}" first: ${r.why}`, `Open "${title}", run it (or re-check it) until it passes, then run "${step.meta.title}" again. Nothing was run.`)
    }
  }

  private checkItem(key: string, stepId: string): JobItem {
    const inputs = this.envFor(key).inputsFor?.(stepId) ?? {}
    return Object.keys(inputs).length > 0 ? { stepId, action: 'check', inputs } : { stepId, action: 'check' }
  }

  private requireTarget(): Target {
    const target = this.host.target()
    if (!target) throw new AppError('NOT_CONNECTED', 'No machine is connected.', 'Connect to the machine first.')
    return target
  }

  /** Stages the job, runs it as root in a new terminal session, then collects and saves the checks. */
  private async startJob(kind: JobAction, items: JobItem[], secrets: Readonly<Record<string, string>>): Promise<RunStarted> {
    const target = this.requireTarget()
    if (this.busy() || this.host.sessionRunning()) throw new AppError('BUSY', 'A job is already running in the terminal.', 'Wait for it to finish, or press Cancel.')
    this.starting = true
    try {
      return await this.launchJob(target, kind, items, secrets)
    } finally {
      this.starting = false
    }
  }

  private async launchJob(target: Target, kind: JobAction, items: JobItem[], secrets: Readonly<Record<string, string>>): Promise<RunStarted> {
    for (const item of items) requireApplicableStep(target, item.stepId)
    // sudo will ask in the terminal (the app or the person types the password there): the same check as the root channel.
    if (this.host.sudo() === 'password') await target.checkBeforePassword?.()
    const guard = this.host.keys.guardFor(target, items)
    // The job's own tag for secret prompts (lib/secret.sh): in job.env only, never on a command line.
    const secretTag = promptTag()
    const env = this.envFor(target.key)
    const job = await stageJob(target, items, { ...stepJobParams(items), ...this.host.testJobParams, ...env.params, ...guard?.params, PROMPT_TAG: secretTag })
    if (this.host.target() !== target) throw new AppError('NOT_CONNECTED', 'The machine was disconnected while the job was being prepared.', 'Connect again and press the button again.')
    await target.checkTerminal?.()
    const tag = promptTag()
    const spawn = target.terminalSpawn({ kind: 'root-command', script: jobLaunch, args: launchArgs(job), label: 'job launcher', promptTag: tag })
    this.lostDuringJob = false
    const password = this.host.sudoPassword()
    const answer = password === null ? undefined : sudoAnswer(password, tag, RUNNER_STARTED)
    const typist = secretAnswer(secrets, secretTag, RUNNER_STARTED)
    const session = this.host.openTerminal(spawn, allWatches([answer, guard?.watch, (data, s) => typist.watch(data, s)]))
    guard?.attach(session.id)
    if (kind === 'check') this.setChecking(true)
    void session.exitPromise.then((exitCode) => {
      typist.forget()
      return this.finishJob(target, kind, job, session.id, exitCode, typist)
    })
    return { sessionId: session.id, command: spawn.display, terminal: true }
  }

  /** The re-check pass over the control channels (no terminal): one root request, OpenClaw's audit alongside. */
  private startRecheckPass(target: Target, stepIds: readonly string[], withAudit: boolean, viaLauncher = false): RunStarted {
    if (this.busy() || this.host.sessionRunning()) throw new AppError('BUSY', 'A job is already running.', 'Wait for it to finish, or press Cancel.')
    for (const stepId of stepIds) requireApplicableStep(target, stepId)
    this.controlJob = true
    this.lostDuringJob = false
    const sessionId = randomBytes(8).toString('hex')
    const ids = withAudit ? [...stepIds, AUDIT_STEP_ID] : [...stepIds]
    this.setChecking(true)
    void (async () => {
      let outcome: JobOutcome
      try {
        outcome = await runRecheckPass(target, stepIds, {
          withAudit,
          viaLauncher,
          env: this.envFor(target.key),
          ...(this.host.windows ? { windows: this.host.windows } : {}),
          // Each part lands in the store and on screen as soon as it arrives.
          onPart: (records) => {
            if (records.length === 0 || this.host.target() !== target || !this.host.store.target(target.key)) return
            this.host.store.saveResults(target.key, records)
            this.checkedLive(target.key, records)
            this.host.checklistChanged()
          },
        })
      } catch (err) {
        outcome = failedOutcome('check', stepIds, err)
      } finally {
        this.controlJob = false
      }
      this.publishOutcome(target, 'check', sessionId, ids, outcome.interrupted ? 255 : 0, outcome)
    })()
    const how = viaLauncher ? 'through the check launcher (sudo -n, no password) in one request' : 'as root in one request'
    return { sessionId, command: `${stepIds.length} check(s) ${how}${withAudit ? ' + openclaw security audit --deep --json' : ''} over the control channels to ${target.label}`, terminal: false }
  }

  /** A Windows-side step's apply or undo, then its check, in this process (no terminal, nothing runs on the target). */
  private startWindowsJob(target: Target, step: CatalogStep, kind: 'apply' | 'undo'): RunStarted {
    if (this.busy() || this.host.sessionRunning()) throw new AppError('BUSY', 'A job is already running.', 'Wait for it to finish, or press Cancel.')
    this.controlJob = true
    const sessionId = randomBytes(8).toString('hex')
    void (async () => {
      let outcome: JobOutcome
      let exitCode = 1
      try {
        const { run, records } = await runWindowsStep(this.host.windows, target, step, kind)
        exitCode = run.exitCode
        // No terminal shows a Windows-side run: its own lines say what happened.
        const judged = run.exitCode === 0 ? judge(kind, 0, records) : { ok: false, message: `The ${kind} did not finish on Windows. Fix the cause above and run it again.` }
        outcome = { records, interrupted: false, ok: judged.ok, message: `${run.lines.join(' ')} ${judged.message}` }
      } catch (err) {
        outcome = failedOutcome(kind, [step.meta.id], err)
      } finally {
        this.controlJob = false
      }
      this.publishOutcome(target, kind, sessionId, [step.meta.id], exitCode, outcome)
    })()
    return { sessionId, command: `${step.meta.title}: ${kind} on Windows, in the app, as you (wsl.exe, schtasks.exe, %UserProfile%\\.wslconfig)`, terminal: false }
  }

  /** Checks of Windows-side steps run beside a terminal check job: saved (and shown) when they are done. */
  private async saveWindowsChecks(target: Target, stepIds: readonly string[]): Promise<void> {
    const records = await windowsChecks(this.host.windows, target, stepIds)
    if (this.host.target() !== target || !this.host.store.target(target.key)) return
    this.host.store.saveResults(target.key, records)
    this.host.checklistChanged()
  }

  /** A step whose state was just read live from the machine needs no resuming. */
  private checkedLive(key: string, records: readonly CheckRecord[]): void {
    const p = this.host.progress.current(key)
    if (p && p.instance !== this.host.instance && records.some((r) => r.stepId === p.stepId && r.status !== 'interrupted')) this.host.progress.clear(key, p.stepId)
  }

  private setChecking(on: boolean): void {
    this.checkingNow = on
    this.host.checklistChanged()
  }

  private async finishJob(target: Target, kind: JobAction, job: StagedJob, sessionId: string, exitCode: number, typist: SecretAnswer): Promise<void> {
    const stepIds = [...new Set(job.items.map((i) => i.stepId))]
    // ssh exits 255 for its own failures: the terminal's connection dropped, whatever the control channel says.
    const dropped = this.lostDuringJob || (target.kind === 'ssh' && exitCode === 255 && !this.cancelledSessions.has(sessionId))
    this.cancelledSessions.delete(sessionId)
    let outcome: JobOutcome
    try {
      const results = await collectJob(target, job)
      outcome = jobOutcome(kind, exitCode, results, dropped, job.items.length)
      // A step with the effect restart-wsl-distro restarts the distro (wsl.exe --terminate) and is checked again.
      const restarted = exitCode === 0 && !outcome.interrupted ? await restartIfNeeded(target, job.items, this.envFor(target.key)) : null
      if (restarted) outcome = { ...outcome, records: restarted, ...judge(kind, exitCode, restarted) }
    } catch (err) {
      outcome = failedOutcome(kind, stepIds, err)
    }
    const guardNote = this.host.keys.jobNote(sessionId)
    if (guardNote) outcome = { ...outcome, message: `${guardNote} ${outcome.message}` }
    const missing = typist.unanswered()
    if (missing.length > 0) outcome = { ...outcome, message: `${outcome.message} The script asked for ${missing.join(', ')}, which was not given: fill in the field (or pass it on stdin to the CLI), or type it in the terminal when asked.` }
    this.publishOutcome(target, kind, sessionId, stepIds, exitCode, outcome)
  }

  private publishOutcome(target: Target, kind: JobAction, sessionId: string, stepIds: readonly string[], exitCode: number, outcome: JobOutcome): void {
    if (outcome.records.length > 0 && this.host.store.target(target.key)) this.host.store.saveResults(target.key, outcome.records)
    // A step that finished is no longer "in progress"; an interrupted one stays, so reopening lands on it.
    if (kind !== 'check' && !outcome.interrupted) for (const id of stepIds) this.host.progress.clear(target.key, id)
    if (kind === 'check') this.checkedLive(target.key, outcome.records)
    this.checkingNow = false
    this.host.checklistChanged()
    this.host.emit('run:finished', { sessionId, kind, stepIds, exitCode, ok: outcome.ok, interrupted: outcome.interrupted, message: outcome.message })
  }
}

/** The step, if it exists and applies to the target's kind. */
export function requireApplicableStep(target: Target, stepId: string): CatalogStep {
  const step = stepById(stepId)
  if (!step) throw new AppError('INVALID_INPUT', `There is no step "${stepId}".`, 'Reload the app.')
  if (!step.meta.targets.includes(target.kind)) throw new AppError('STEP_NOT_APPLICABLE', `"${step.meta.title}" does not apply to ${target.kind.toUpperCase()} targets.`, 'Skip this step.')
  return step
}

/** The SHA-256 (hex) of each 'secret-url' value given now, by <NAME>_SHA256: what the app keeps instead of the URL. */
export function secretUrlHashes(step: CatalogStep, secrets: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    (step.meta.inputs ?? []).flatMap((i) => (i.kind === 'secret-url' && secrets[i.name] !== undefined ? [[secretUrlHashName(i.name), createHash('sha256').update(secrets[i.name] ?? '', 'utf8').digest('hex')]] : [])),
  )
}

/** What to keep of a run's inputs: the given and earlier non-secret values (not the defaults, which may change). */
function storedInputs(step: CatalogStep, resolved: Readonly<Record<string, string>>, typed: Readonly<Record<string, string>>): Record<string, string> {
  const plain = plainInputs(step.meta.inputs ?? [], typed)
  return Object.fromEntries(Object.entries(plain).filter(([name, value]) => value.trim() !== '' && resolved[name] !== undefined).map(([name]) => [name, resolved[name] ?? '']))
}

function failedOutcome(kind: JobAction, stepIds: readonly string[], err: unknown): JobOutcome {
  if (isConnectionError(err)) return lostOutcome(kind, stepIds, err)
  const e = AppError.from(err)
  return { records: [], ok: false, interrupted: false, message: `${e.message} ${e.hint}` }
}

/** Feeds terminal output to each watcher that is set. */
function allWatches(watches: readonly (TerminalWatch | undefined)[]): TerminalWatch {
  const set = watches.filter((w): w is TerminalWatch => w !== undefined)
  return (data, session) => {
    for (const w of set) w(data, session)
  }
}

/** The job parameters of the steps a job runs (CatalogStep.jobParams), each step once. */
export function stepJobParams(items: readonly JobItem[]): Record<string, string> {
  const params: Record<string, string> = {}
  for (const id of new Set(items.map((i) => i.stepId))) Object.assign(params, stepById(id)?.jobParams?.())
  return params
}

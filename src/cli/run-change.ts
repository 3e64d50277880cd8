import { randomBytes } from 'node:crypto'
import { testJobParams } from './test-job-params'
import { readFileSync, statSync } from 'node:fs'
import { stepById, stepsFor, type CatalogStep } from '../catalog'
import { AppError } from '../core/app-error'
import { connectTarget } from '../core/service/connect'
import { KeySetup, withAppIdentity, type TerminalWatch } from '../core/service/key-setup'
import { openclawAccountWarning } from '../core/service/openclaw-account'
import { StepJobs } from '../core/service/step-jobs'
import type { ChecklistStore } from '../core/store/checklist-store'
import { ProgressStore } from '../core/store/progress-store'
import { PtySession } from '../core/targets/pty-session'
import type { SpawnSpec, SudoMode, Target } from '../core/targets/target'
import type { RunFinished } from '../shared/ipc-contract'
import { isSecretKind } from '../shared/step-inputs'
import type { Command } from './args'
import { readChangeStdin } from './change-stdin'
import { windowsSide } from '../core/windows/windows-side'

type Change = Extract<Command, { name: 'change' }>

const MAX_INPUTS_FILE = 64 * 1024

/**
 * apply STEP… | --all, undo STEP, run STEP ACTION: connects like verify, then runs each step through the same StepJobs
 * as the window (its guards, requirements, inputs and checks), in a real PTY whose output goes to stderr, the sudo
 * password and secret inputs typed at their tagged prompts. Stops at the first step that fails. Exit codes: 0 all ran
 * and pass, 1 a step ran but failed (or its check does not pass), 2 usage/connection error or refused before running.
 */
export async function runChange(cmd: Change, store: ChecklistStore, dataDir: string): Promise<number> {
  const say = (msg: string) => process.stderr.write(`… ${msg}\n`)
  let target: Target | null = null
  try {
    const named = cmd.steps.map((id) => {
      const step = stepById(id)
      if (!step) throw new AppError('INVALID_INPUT', `There is no step "${id}".`, 'Run "status" to see the step ids of your machine, or see docs/.')
      return step
    })
    const inputs = { ...readInputsFile(cmd.inputsFile), ...cmd.inputs }
    const seam = testJobParams(process.env, (line) => process.stderr.write(`${line}\n`))
    // The steps of --all are those of the target's kind, known from the --target given.
    refuseSecretArguments(cmd.all ? stepsFor(cmd.target.kind) : named, inputs)
    const stdin = await readChangeStdin({ password: cmd.sudoPasswordStdin, secretNames: secretNames(cmd.all ? stepsFor(cmd.target.kind) : named) })
    say(`Connecting to ${cmd.target.kind === 'ssh' ? `${cmd.target.user}@${cmd.target.host}:${cmd.target.port}` : cmd.target.distro}`)
    const outcome = await connectTarget(withAppIdentity(cmd.target, store, dataDir), {
      store,
      dataDir,
      ...(cmd.hostKey ? { trustFingerprint: cmd.hostKey } : {}),
      sudoPassword: () => stdin.password,
    })
    if (outcome.status === 'host-key-unknown') {
      process.stderr.write(`The host key is not trusted yet: ${outcome.hostKey.type} ${outcome.hostKey.fingerprint}\nCompare it with the key on the machine, then run again with --host-key ${outcome.hostKey.fingerprint}\nNothing was run.\n`)
      return 2
    }
    const t = outcome.target
    target = t
    const warning = cmd.target.kind === 'ssh' ? await openclawAccountWarning(t, cmd.target.user) : null
    if (warning) process.stderr.write(`warning: ${warning}\n`)
    if (outcome.sudo === 'password' && stdin.password === undefined) {
      throw new AppError('SUDO_PASSWORD_REQUIRED', `Steps on ${t.label} run as root, and sudo there needs the password.`, 'Pass --sudo-password-stdin and write the password as the first line of stdin. Nothing was run.')
    }
    const steps = cmd.all ? stepsFor(t.kind) : named
    const jobs = cliJobs(t, outcome.sudo, stdin.password ?? null, store, dataDir, seam)
    const done: string[] = []
    for (const step of steps) {
      const action = cmd.verb === 'run' ? (cmd.action ?? '') : cmd.verb
      const own = ownInputs(step, inputs, stdin.secrets)
      // A probe (checkOnly) with nothing to probe is no reason to stop hardening: --all passes it by, saying how to run it.
      if (cmd.all && step.meta.checkOnly && Object.keys(own).length === 0 && Object.keys(store.stepInputs(t.key, step.meta.id)).length === 0) {
        const names = (step.meta.inputs ?? []).map((i) => `--input ${i.name}=…`).join(' ')
        process.stdout.write(`${step.meta.id}: skipped: a probe that changes nothing and has no inputs yet; run "apply ${step.meta.id} ${names}" to run it.\n`)
        continue
      }
      say(`${action === 'apply' ? 'Applying' : action === 'undo' ? 'Undoing' : `Running ${action} of`} "${step.meta.title}" (${step.meta.id})`)
      let result: RunFinished
      try {
        result = await jobs.run({ stepId: step.meta.id, action, inputs: own })
      } catch (err) {
        const e = AppError.from(err)
        process.stderr.write(`error: ${e.message}\n${e.hint}\n`)
        report(done, steps.length, step, 'refused')
        return 2
      }
      process.stdout.write(`${step.meta.id}: ${result.ok ? 'ok' : result.interrupted ? 'interrupted' : 'failed'}: ${result.message}\n`)
      if (!result.ok) {
        report(done, steps.length, step, 'failed')
        return 1
      }
      done.push(step.meta.id)
    }
    process.stdout.write(`Done: ${done.length} step(s) (${done.join(', ')}).\n`)
    return 0
  } catch (err) {
    const e = AppError.from(err)
    process.stderr.write(`error: ${e.message}\n${e.hint}\n`)
    return 2
  } finally {
    await target?.dispose()
  }
}

function report(done: readonly string[], total: number, stopped: CatalogStep, how: string): void {
  process.stdout.write(`Stopped at ${stopped.meta.id} (${how}) after ${done.length} of ${total} step(s)${done.length ? ` (${done.join(', ')})` : ''}; later steps were not run.\n`)
}

/** StepJobs with a host for one CLI run: one PTY at a time, its output to stderr, run:finished as a promise. */
function cliJobs(target: Target, sudo: SudoMode, password: string | null, store: ChecklistStore, dataDir: string, seam: Readonly<Record<string, string>> | undefined): { run(req: { stepId: string; action: string; inputs: Record<string, string> }): Promise<RunFinished> } {
  let session: PtySession | null = null
  let finished: ((r: RunFinished) => void) | null = null
  const openTerminal = (spawn: SpawnSpec, watch?: TerminalWatch): PtySession => {
    const s = new PtySession(spawn, {
      onData: (data) => {
        process.stderr.write(data)
        s.ack(data.length)
        watch?.(data, s)
      },
      onExit: () => undefined,
    })
    session = s
    return s
  }
  const keys = new KeySetup({ dataDir, store, emit: () => undefined, target: () => target, terminalBusy: () => session !== null && session.exitCode === null, openTerminal })
  const jobs = new StepJobs({
    store,
    progress: new ProgressStore(dataDir),
    keys,
    instance: randomBytes(8).toString('hex'),
    target: () => target,
    sudo: () => sudo,
    sudoPassword: () => password,
    sessionRunning: () => session !== null && session.exitCode === null,
    openTerminal,
    emit: (event, payload) => {
      if (event === 'run:finished') finished?.(payload as RunFinished)
    },
    checklistChanged: () => undefined,
    ...(seam ? { testJobParams: seam } : {}),
    windows: windowsSide(process.env, dataDir),
  })
  return {
    run: async (req) => {
      const result = new Promise<RunFinished>((resolve) => (finished = resolve))
      await jobs.run(req)
      return result
    },
  }
}

/** --inputs FILE.json: an object of NAME: "value" (at most 64 KiB). */
function readInputsFile(path: string | undefined): Record<string, string> {
  if (path === undefined) return {}
  let raw: unknown
  try {
    if (statSync(path).size > MAX_INPUTS_FILE) throw new Error('larger than 64 KiB')
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new AppError('INVALID_INPUT', `--inputs ${path} could not be read as JSON (${err instanceof Error ? err.message : String(err)}).`, 'Give a JSON file holding one object of NAME: "value" pairs. Nothing was run.')
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    throw new AppError('INVALID_INPUT', `--inputs ${path} must hold one object of NAME: "value" pairs (strings only).`, 'Correct the file. Nothing was run.')
  }
  return raw as Record<string, string>
}

function secretNames(steps: readonly CatalogStep[]): string[] {
  return [...new Set(steps.flatMap((s) => (s.meta.inputs ?? []).filter((i) => isSecretKind(i.kind)).map((i) => i.name)))]
}

/** A secret named in --input or --inputs is refused: secrets come from stdin only. */
function refuseSecretArguments(steps: readonly CatalogStep[], inputs: Readonly<Record<string, string>>): void {
  const secrets = secretNames(steps)
  const named = Object.keys(inputs).find((n) => secrets.includes(n))
  if (named) throw new AppError('INVALID_INPUT', `${named} is a secret input: it is never taken from an argument or a file (argument lists and files can be read by others).`, `Write it on stdin as a line ${named}=value (after the sudo password line when --sudo-password-stdin is given). Nothing was run.`)
  const known = new Set(steps.flatMap((s) => (s.meta.inputs ?? []).map((i) => i.name)))
  const unknown = Object.keys(inputs).find((n) => !known.has(n))
  if (unknown) throw new AppError('INVALID_INPUT', `No step of this run has an input named ${unknown}.`, 'Check the input names of the steps (shown in the window, and in docs/). Nothing was run.')
}

/** The inputs of this run that this step declares (plain from the arguments, secrets from stdin). */
function ownInputs(step: CatalogStep, inputs: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  const own: Record<string, string> = {}
  for (const input of step.meta.inputs ?? []) {
    const value = isSecretKind(input.kind) ? secrets[input.name] : inputs[input.name]
    if (isSecretKind(input.kind) && inputs[input.name] !== undefined) throw new AppError('INVALID_INPUT', `${input.name} is a secret input: it is never taken from an argument or a file.`, `Write it on stdin as a line ${input.name}=value. Nothing was run.`)
    if (value !== undefined) own[input.name] = value
  }
  return own
}

import { randomBytes } from 'node:crypto'
import { stepById } from '../../catalog'
import type { EventChannel, EventPayloads, KeyProveResult, KeyStatus, RunStarted } from '../../shared/ipc-contract'
import { targetKey, type SshTargetSpec, type TargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import { knownHostsDir } from '../paths'
import type { JobItem } from '../runner/job'
import type { ChecklistStore } from '../store/checklist-store'
import { ensureAppKey, existingAppKey, type AppKey } from '../targets/app-key'
import type { PtySession } from '../targets/pty-session'
import { runProcess } from '../targets/run-process'
import { shQuote } from '../targets/ssh-args'
import { SshTarget } from '../targets/ssh-target'
import type { SpawnSpec, Target } from '../targets/target'
import { classifyInstall, installMarkers } from './key-install-outcome'
import keyInstallScript from './key-install.sh?raw'
import keyProofScript from './key-proof.sh?raw'
import { jobEffects } from './step-effects'

/** Called with every chunk a terminal session prints (besides sending it to the window). */
export type TerminalWatch = (data: string, session: PtySession) => void

/** What KeySetup needs from AppService. */
export interface KeySetupHost {
  readonly dataDir: string
  readonly store: ChecklistStore
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
  target(): Target | null
  terminalBusy(): boolean
  openTerminal(spawn: SpawnSpec, watch?: TerminalWatch): PtySession
}

/** Password login for the install: no key may be tried, the person types the password once in the terminal. */
const PASSWORD_ONLY = ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=keyboard-interactive,password']
/** A login that can only succeed with the app's key: BatchMode (from the control mode), no password, no agent. */
const KEY_ONLY = ['-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no', '-o', 'PreferredAuthentications=publickey', '-o', 'IdentityAgent=none']
/** The line the password-login step's apply.sh prints when it waits for a fresh key login. */
export const AWAIT_PROOF_MARKER = 'OCSS-AWAIT-KEY-PROOF'
const OUTPUT_TAIL = 32 * 1024

/** A guarded job's extra parameters and terminal watcher (see `KeySetup.guardFor`). */
export interface JobGuard {
  readonly params: Readonly<Record<string, string>>
  readonly watch: TerminalWatch
  /** Ties the guard to the job's terminal session, so `jobNote` can report what happened. */
  attach(sessionId: string): void
}

/**
 * SSH key login, from the first password login to key-only: the app's own key pair, its installation through the
 * embedded terminal (the person types the password there; the key line goes over the session's stdin, never into shell
 * text), the BatchMode proof recorded per target, and the lock-out guard of steps that turn password login off.
 */
export class KeySetup {
  private readonly notes = new Map<string, string>()

  constructor(
    private readonly host: KeySetupHost,
    private readonly opts: { readonly proofWaitSeconds?: number } = {},
  ) {}

  private requireSsh(): SshTarget {
    const target = this.host.target()
    if (!target) throw new AppError('NOT_CONNECTED', 'No machine is connected.', 'Connect to the machine first.')
    if (!(target instanceof SshTarget)) throw new AppError('STEP_NOT_APPLICABLE', 'Key login applies to SSH targets only.', 'WSL distributions are reached through wsl.exe and need no SSH key.')
    return target
  }

  /** The recorded proof for a target, if it was made with the current app key. */
  private proofFor(key: string, appKey: AppKey | null): { at: string } | null {
    const proof = this.host.store.keyLogin(key)
    return proof && appKey && proof.fingerprint === appKey.fingerprint ? { at: proof.at } : null
  }

  async status(): Promise<KeyStatus> {
    const key = await ensureAppKey(this.host.dataDir)
    const target = this.host.target()
    const ssh = target instanceof SshTarget ? target : null
    return { publicKey: key.publicKey, fingerprint: key.fingerprint, targetLabel: ssh?.label ?? null, proven: ssh ? this.proofFor(ssh.key, key) : null }
  }

  /**
   * A machine that refused the login, before any connection: reachable only through the host key the person already
   * accepted (connecting pins it before the login is tried). Nothing is started by constructing it.
   */
  private pinnedTarget(spec: SshTargetSpec): SshTarget {
    const connected = this.host.target()
    if (connected instanceof SshTarget && connected.key === targetKey(spec)) return connected
    const hostKey = this.host.store.target(targetKey(spec))?.hostKey
    if (!hostKey) {
      throw new AppError('HOST_KEY_UNKNOWN', `The host key of ${spec.host} has not been confirmed yet, so the app will not send it a password.`, 'Press Connect first and confirm the host key; then install the key.')
    }
    return new SshTarget(spec, { hostKey, stateDir: knownHostsDir(this.host.dataDir) })
  }

  /**
   * Starts the install session in the embedded terminal; `ssh:key-finished` reports the outcome. Without `spec` it
   * installs on the connected SSH target; with one, on a machine that refused the login (its host key must be pinned).
   */
  async install(spec?: SshTargetSpec): Promise<RunStarted> {
    const target = spec ? this.pinnedTarget(spec) : this.requireSsh()
    const standalone = target !== this.host.target()
    const key = await ensureAppKey(this.host.dataDir)
    if (this.host.terminalBusy()) throw new AppError('BUSY', 'The terminal is busy with another job.', 'Wait for it to finish, or press Cancel.')
    if (!standalone && this.host.target() !== target) throw new AppError('NOT_CONNECTED', 'The machine was disconnected.', 'Connect again and press Install key again.')
    const nonce = randomBytes(8).toString('hex')
    const markers = installMarkers(nonce)
    await target.checkArgs('terminal', null, PASSWORD_ONLY)
    const spawn: SpawnSpec = {
      file: target.sshProgram,
      cwd: target.workDir,
      args: [...target.argsWith('terminal', null, PASSWORD_ONLY), `sh -c ${shQuote(keyInstallScript)} ocss-key-install ${nonce}`],
      display: `ssh -o PubkeyAuthentication=no -p ${target.spec.port} ${target.spec.user}@${target.spec.host} sh -c '<key install script>' ocss-key-install ${nonce}`,
    }
    let output = ''
    let sent = false
    const session = this.host.openTerminal(spawn, (data, s) => {
      output = (output + data).slice(-OUTPUT_TAIL)
      if (!sent && output.includes(markers.ready)) {
        // The remote script has started (so the password was accepted) and turned echo off: send the key line.
        sent = true
        s.write(`${key.publicKey}\r`)
      }
    })
    void session.exitPromise.then(async () => {
      const verdict = classifyInstall(output, nonce, target.label)
      let proven = false
      let message = verdict.message
      let hint = verdict.hint
      if (verdict.outcome === 'installed') {
        const proof = await this.prove(target).catch((err: unknown) => {
          const e = AppError.from(err)
          return { proven: false, message: e.message, hint: e.hint }
        })
        proven = proof.proven
        message = proven ? `${verdict.message} A fresh key-only login (BatchMode, no password) succeeded.` : `${verdict.message} But the key login test failed: ${proof.message}`
        if (!proven) hint = proof.hint
      }
      if (standalone) await target.dispose()
      this.host.emit('ssh:key-finished', { sessionId: session.id, outcome: verdict.outcome, proven, message, hint })
    })
    return { sessionId: session.id, command: spawn.display, terminal: true }
  }

  /** Logs in with the app key only (BatchMode) and records the proof for the target (default: the connected one). */
  async prove(target: SshTarget = this.requireSsh()): Promise<KeyProveResult> {
    const key = existingAppKey(this.host.dataDir)
    if (!key) throw new AppError('INVALID_INPUT', 'The app has no SSH key yet.', 'Press Install key first.')
    const r = await keyOnlyLogin(target, key, 'echo OCSS-KEY-LOGIN-OK', '')
    if (r.exitCode !== 0 || !r.stdout.includes('OCSS-KEY-LOGIN-OK')) {
      const said = r.stderr.trim().split('\n').pop() ?? ''
      const denied = /Permission denied/i.test(r.stderr)
      return {
        proven: false,
        at: null,
        fingerprint: key.fingerprint,
        message: denied ? `${target.label} does not accept the app's key (${said}).` : `The key login to ${target.label} failed: ${said || `exit code ${r.exitCode}`}.`,
        hint: denied ? 'Press Install key and type the login password in the terminal.' : 'Check that the machine is reachable, then try again.',
      }
    }
    const at = new Date().toISOString()
    this.host.store.saveKeyLogin(target.key, { at, fingerprint: key.fingerprint })
    // From now on this target's identity is the app key: the saved spec (used to reconnect) names it.
    const record = this.host.store.target(target.key)
    if (record && record.spec.kind === 'ssh') this.host.store.saveTarget(target.key, { ...record, spec: { ...record.spec, identityFile: key.privateKeyFile } })
    return { proven: true, at, fingerprint: key.fingerprint, message: `The app's key logs in to ${target.label} without a password (BatchMode).`, hint: 'You can now turn password login off.' }
  }

  /**
   * For jobs that apply a step with the effect 'ssh-lockout-guard' (step-effects.ts): refuses unless the app key's login is proven for
   * this target; otherwise returns the job parameters (a fresh nonce) and a terminal watcher that, when the script
   * prints AWAIT_PROOF_MARKER, opens a NEW key-only connection which writes the nonce for the script's watchdog. If that
   * login fails, the watcher types "rollback" so the script restores the previous configuration at once.
   */
  guardFor(target: Target, items: readonly JobItem[]): JobGuard | null {
    const guarded = jobEffects(items).lockoutGuard
    if (guarded.length === 0) return null
    const title = stepById(guarded[0] ?? '')?.meta.title ?? 'This step'
    if (!(target instanceof SshTarget)) throw new AppError('STEP_NOT_APPLICABLE', `"${title}" applies to SSH targets only.`, 'Skip this step.')
    const key = existingAppKey(this.host.dataDir)
    if (!this.proofFor(target.key, key) || !key) {
      throw new AppError('FORBIDDEN', `"${title}" was not run: the app has not proven yet that its own key logs in to ${target.label}, so turning password login off could lock you out.`, 'Open Key login on the checklist, press Install key (type the password in the terminal), then run this step again.')
    }
    const nonce = randomBytes(16).toString('hex')
    let output = ''
    let started = false
    let note: string | null = null
    let sessionId: string | null = null
    const setNote = (text: string) => {
      note = text
      if (sessionId) this.notes.set(sessionId, text)
    }
    return {
      params: { KEY_PROOF_NONCE: nonce, PROOF_WAIT_SECONDS: String(this.opts.proofWaitSeconds ?? 60) },
      attach: (id) => {
        sessionId = id
        if (note) this.notes.set(id, note)
      },
      watch: (data, session) => {
        output = (output + data).slice(-OUTPUT_TAIL)
        if (started || !output.includes(AWAIT_PROOF_MARKER)) return
        started = true
        void keyOnlyLogin(target, key, `sh -c ${shQuote(keyProofScript)}`, `${nonce}\n`)
          .then((r) => ({ ok: r.exitCode === 0 && r.stdout.includes('OCSS-KEY-PROOF-WRITTEN'), said: r.stderr.trim().split('\n').pop() ?? `exit code ${r.exitCode}` }))
          .catch((err: unknown) => ({ ok: false, said: AppError.from(err).message }))
          .then(({ ok, said }) => {
            if (ok) {
              setNote(`A fresh key-only login with the app key (${key.fingerprint}) succeeded while the change was live.`)
            } else {
              setNote(`The fresh key-only login failed (${said}), so the machine restored its previous SSH configuration by itself: password login still works.`)
              session.write('rollback\r')
            }
          })
      },
    }
  }

  /** What the lock-out guard did during a job's session (once; null for jobs without a guard). */
  jobNote(sessionId: string): string | null {
    const note = this.notes.get(sessionId) ?? null
    this.notes.delete(sessionId)
    return note
  }
}

/**
 * A new ssh process that can only log in with the app key (BatchMode, no password, no agent). `remote` is a fixed
 * command of the app; `input` goes to its stdin. Retries twice when the connection itself fails (sshd re-executes
 * itself on reload and briefly does not listen), never after the server refused the key.
 */
export async function keyOnlyLogin(target: SshTarget, key: AppKey, remote: string, input: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let last = { exitCode: 255, stdout: '', stderr: '' }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 1000))
    await target.checkArgs('control', key.privateKeyFile, KEY_ONLY)
    last = await runProcess(target.sshProgram, [...target.argsWith('control', key.privateKeyFile, KEY_ONLY), remote], { input: Buffer.from(input), timeoutMs: 30_000, cwd: target.workDir })
    if (last.exitCode !== 255 || /Permission denied|Host key verification failed|REMOTE HOST IDENTIFICATION/i.test(last.stderr)) return last
  }
  return last
}

/**
 * The spec to connect with: an SSH spec without a key file uses the app key only once its login has been proven for
 * that target with this very key (a recorded proof with its fingerprint), in the window and the CLI alike, so the key
 * is never offered to a machine it was not installed on. Explicit key files are kept.
 */
export function withAppIdentity<T extends TargetSpec>(spec: T, store: ChecklistStore, dataDir: string): T {
  if (spec.kind !== 'ssh' || spec.identityFile) return spec
  const key = existingAppKey(dataDir)
  if (!key) return spec
  const proof = store.keyLogin(targetKey(spec))
  if (proof?.fingerprint !== key.fingerprint) return spec
  return { ...spec, identityFile: key.privateKeyFile }
}

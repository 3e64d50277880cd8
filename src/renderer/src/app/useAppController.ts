import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppState, ChecklistView, ConnectionStatus, RunFinished, RunStarted, TargetSummary, WslSetupProgress } from '../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../shared/result'
import type { StepAction, StepView } from '../../../shared/step'
import type { SshTargetSpec, TargetSpec } from '../../../shared/target-spec'
import { invoke, subscribe, toApiError } from '../api'
import { terminalSession } from '../features/terminal/terminalSession'

export type JobKind = RunFinished['kind']

/** A job between its RunStarted reply and the matching run:finished event. */
export interface Job {
  readonly sessionId: string
  readonly kind: JobKind
  readonly stepIds: readonly string[]
  readonly command: string
}

export interface HostKeyPrompt {
  readonly target: TargetSpec
  readonly fingerprint: string
  readonly keyType: string
  readonly hostLabel: string
  readonly auto: boolean
}

export type View = { readonly screen: 'checklist' } | { readonly screen: 'step'; readonly stepId: string }

/** 'auto': reconnecting to the last target at startup; 'manual': the user pressed Connect. */
export type ConnectPhase = 'auto' | 'manual' | null

export interface AppController {
  readonly loadError: AppErrorShape | null
  /** Saved files that could not be used and were moved aside at start. */
  readonly storeProblems: readonly AppErrorShape[]
  readonly loaded: boolean
  readonly steps: readonly StepView[]
  readonly lastTarget: TargetSpec | null
  readonly connected: TargetSummary | null
  /** The connection's state as main reports it (connection:state). */
  readonly connection: ConnectionStatus
  readonly checklist: ChecklistView
  readonly connecting: ConnectPhase
  readonly connectError: AppErrorShape | null
  /** An SSH machine that refused the login: the connect screen offers to install the app's key with a password. */
  readonly authFailed: SshTargetSpec | null
  readonly hostKey: HostKeyPrompt | null
  readonly job: Job | null
  /** A step:run / checks:run request is on its way. */
  readonly starting: JobKind | null
  readonly lastRun: RunFinished | null
  readonly runError: AppErrorShape | null
  /** Step ids whose status was re-checked live since the target was connected. */
  readonly liveChecked: ReadonlySet<string>
  readonly view: View
  /** Saved progress of the guided WSL setup (e.g. after a reboot), from app:state. */
  readonly setup: WslSetupProgress | null
  navigate(view: View): void
  connect(target: TargetSpec): void
  trustHostKey(): void
  cancelHostKey(): void
  disconnect(): void
  /** The Reconnect button after automatic reconnecting gave up. */
  reconnect(): void
  /** The masked sudo field; rejects with the reason when sudo refused it. */
  submitSudoPassword(password: string): Promise<void>
  /** Apply, undo or one of the step's extra actions, with the form's inputs (the service validates them again). */
  runStep(stepId: string, action: StepAction | string, inputs?: Readonly<Record<string, string>>): void
  recheck(stepIds?: readonly string[]): void
  cancelJob(): void
  dismissRunMessages(): void
  dismissConnectError(): void
}

const EMPTY_CHECKLIST: ChecklistView = { targetKey: null, targetLabel: null, items: [], checking: false }
const IDLE: ConnectionStatus = { state: 'idle', targetLabel: null, since: new Date(0).toISOString(), timeoutMs: null, attempt: null, autoRetry: false, message: 'Not connected.', hint: '' }

/** All app state and every request to main, in one place. */
export function useAppController(): AppController {
  const [loaded, setLoaded] = useState(false)
  const [loadError, setLoadError] = useState<AppErrorShape | null>(null)
  const [storeProblems, setStoreProblems] = useState<readonly AppErrorShape[]>([])
  const [steps, setSteps] = useState<readonly StepView[]>([])
  const [lastTarget, setLastTarget] = useState<TargetSpec | null>(null)
  const [connected, setConnected] = useState<TargetSummary | null>(null)
  const [connection, setConnection] = useState<ConnectionStatus>(IDLE)
  const [checklist, setChecklist] = useState<ChecklistView>(EMPTY_CHECKLIST)
  const [connecting, setConnecting] = useState<ConnectPhase>(null)
  const [connectError, setConnectError] = useState<AppErrorShape | null>(null)
  const [authFailed, setAuthFailed] = useState<SshTargetSpec | null>(null)
  const [hostKey, setHostKey] = useState<HostKeyPrompt | null>(null)
  const [job, setJob] = useState<Job | null>(null)
  const [starting, setStarting] = useState<JobKind | null>(null)
  const [lastRun, setLastRun] = useState<RunFinished | null>(null)
  const [runError, setRunError] = useState<AppErrorShape | null>(null)
  const [liveChecked, setLiveChecked] = useState<ReadonlySet<string>>(new Set())
  const [view, setView] = useState<View>({ screen: 'checklist' })
  const [setup, setSetup] = useState<WslSetupProgress | null>(null)

  const jobRef = useRef<Job | null>(null)
  const busyRef = useRef(false)
  /** run:finished events that arrived before their RunStarted reply. */
  const earlyFinished = useRef(new Map<string, RunFinished>())
  const startedUp = useRef(false)
  /** A step the app was closed in the middle of (app:state.resume): the window reopens there, not on the checklist. */
  const resumeStep = useRef<string | null>(null)

  const applyState = useCallback((state: AppState) => {
    setSteps(state.steps)
    setLastTarget(state.lastTarget)
    setConnected(state.connected)
    setChecklist(state.checklist)
    setConnection(state.connection)
    setSetup(state.setup ?? null)
    setStoreProblems(state.storeProblems ?? [])
  }, [])

  const finish = useCallback((result: RunFinished) => {
    jobRef.current = null
    busyRef.current = false
    setJob(null)
    setLastRun(result)
    setLiveChecked((prev) => new Set([...prev, ...result.stepIds]))
  }, [])

  const startJob = useCallback(
    async (kind: JobKind, stepIds: readonly string[], request: () => Promise<RunStarted>) => {
      if (busyRef.current) return
      busyRef.current = true
      setStarting(kind)
      setRunError(null)
      setLastRun(null)
      try {
        const started = await request()
        if (started.terminal) terminalSession().begin(started.sessionId, started.command)
        const early = earlyFinished.current.get(started.sessionId)
        earlyFinished.current.clear()
        if (early) {
          finish(early)
        } else {
          const next: Job = { sessionId: started.sessionId, kind, stepIds, command: started.command }
          jobRef.current = next
          setJob(next)
        }
      } catch (err) {
        busyRef.current = false
        setRunError(toApiError(err).toShape())
      } finally {
        setStarting(null)
      }
    },
    [finish],
  )

  const recheck = useCallback(
    (stepIds?: readonly string[]) => {
      void startJob('check', stepIds ?? [], () => invoke('checks:run', stepIds ? { stepIds: [...stepIds] } : {}))
    },
    [startJob],
  )

  const connectWith = useCallback(
    async (target: TargetSpec, auto: boolean, trustFingerprint?: string) => {
      setConnecting(auto ? 'auto' : 'manual')
      setConnectError(null)
      setHostKey(null)
      try {
        const result = await invoke('target:connect', { target, ...(trustFingerprint ? { trustFingerprint } : {}) })
        if (result.status === 'host-key-unknown') {
          setHostKey({ target, fingerprint: result.fingerprint, keyType: result.keyType, hostLabel: result.hostLabel, auto })
          return
        }
        setConnected(result.target)
        setAuthFailed(null)
        setLastTarget(target)
        setLiveChecked(new Set())
        const resume = resumeStep.current
        resumeStep.current = null
        setView(resume ? { screen: 'step', stepId: resume } : { screen: 'checklist' })
        // Re-check everything live: the saved status may be out of date.
        recheck()
      } catch (err) {
        const e = toApiError(err).toShape()
        setConnectError(e)
        setAuthFailed(e.code === 'AUTH_FAILED' && target.kind === 'ssh' ? target : null)
      } finally {
        setConnecting(null)
      }
    },
    [recheck],
  )

  // Events from main.
  useEffect(() => {
    const offTerminal = terminalSession().start()
    const offChecklist = subscribe('checklist:changed', setChecklist)
    const offConnection = subscribe('connection:state', (status) => {
      setConnection(status)
      // The host-key question expired in main: close the dialog and say so.
      if (status.state === 'idle' && status.hint !== '') {
        setHostKey((prompt) => {
          if (prompt) setConnectError({ code: 'CONNECTION_FAILED', message: status.message, hint: status.hint })
          return null
        })
      }
    })
    const offFinished = subscribe('run:finished', (result) => {
      if (jobRef.current?.sessionId === result.sessionId) finish(result)
      else if (busyRef.current) earlyFinished.current.set(result.sessionId, result)
    })
    return () => {
      offTerminal()
      offChecklist()
      offConnection()
      offFinished()
    }
  }, [finish])

  // Startup: show the saved state at once, then reconnect to the last target and re-check it.
  useEffect(() => {
    if (startedUp.current) return
    startedUp.current = true
    invoke('app:state', {})
      .then((state) => {
        applyState(state)
        if (state.resume) {
          resumeStep.current = state.resume.stepId
          setView({ screen: 'step', stepId: state.resume.stepId })
        }
        setLoaded(true)
        if (!state.connected && state.lastTarget) void connectWith(state.lastTarget, true)
      })
      .catch((err: unknown) => {
        setLoadError(toApiError(err).toShape())
        setLoaded(true)
      })
  }, [applyState, connectWith])

  const disconnect = useCallback(() => {
    void (async () => {
      try {
        await invoke('target:disconnect', {})
      } catch (err) {
        setConnectError(toApiError(err).toShape())
      }
      terminalSession().end()
      jobRef.current = null
      busyRef.current = false
      setJob(null)
      setConnected(null)
      setLastRun(null)
      setRunError(null)
      setLiveChecked(new Set())
      try {
        applyState(await invoke('app:state', {}))
      } catch {
        /* keep what is shown */
      }
    })()
  }, [applyState])

  return {
    loaded,
    loadError,
    storeProblems,
    steps,
    lastTarget,
    connected,
    connection,
    checklist,
    connecting,
    connectError,
    authFailed,
    hostKey,
    job,
    starting,
    lastRun,
    runError,
    liveChecked,
    view,
    setup,
    navigate: setView,
    connect: (target) => void connectWith(target, false),
    trustHostKey: () => {
      if (hostKey) void connectWith(hostKey.target, hostKey.auto, hostKey.fingerprint)
    },
    cancelHostKey: () => {
      // "No": nothing is connected and main forgets the question.
      setHostKey(null)
      void invoke('target:disconnect', {}).catch(() => undefined)
    },
    disconnect,
    reconnect: () => void invoke('target:reconnect', {}).catch((err: unknown) => setConnectError(toApiError(err).toShape())),
    submitSudoPassword: async (password) => {
      try {
        setConnected(await invoke('target:sudo-password', { password }))
      } catch (err) {
        throw toApiError(err).toShape()
      }
    },
    runStep: (stepId, action, inputs) =>
      void startJob(action === 'apply' || action === 'undo' ? action : 'action', [stepId], () => invoke('step:run', { stepId, action, ...(inputs && Object.keys(inputs).length > 0 ? { inputs } : {}) })),
    recheck,
    cancelJob: () => {
      const current = jobRef.current
      if (current) void invoke('terminal:cancel', { sessionId: current.sessionId }).catch((err: unknown) => setRunError(toApiError(err).toShape()))
    },
    dismissRunMessages: () => {
      setLastRun(null)
      setRunError(null)
    },
    dismissConnectError: () => setConnectError(null),
  }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { RunStarted, WslPreflightView, WslSetupFinished } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import { invoke, subscribe, toApiError } from '../../api'
import { terminalSession } from '../terminal/terminalSession'

export interface WslSetupController {
  readonly preflight: WslPreflightView | null
  readonly checking: boolean
  readonly error: AppErrorShape | null
  /** The installer / first-user session running in the terminal. */
  readonly running: { readonly sessionId: string; readonly what: 'install' | 'first-user' } | null
  /** The last finished installer / first-user run. */
  readonly outcome: WslSetupFinished | null
  recheck(): void
  install(): void
  firstUser(distro: string): void
}

/** The guided WSL setup's state and requests (wsl:preflight, wsl:install, wsl:first-user, wsl:setup-finished). */
export function useWslSetup(): WslSetupController {
  const [preflight, setPreflight] = useState<WslPreflightView | null>(null)
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<AppErrorShape | null>(null)
  const [running, setRunning] = useState<WslSetupController['running']>(null)
  const [outcome, setOutcome] = useState<WslSetupFinished | null>(null)
  const runningRef = useRef<string | null>(null)
  const early = useRef(new Map<string, WslSetupFinished>())

  const recheck = useCallback(() => {
    setChecking(true)
    setError(null)
    invoke('wsl:preflight', {})
      .then(setPreflight)
      .catch((err: unknown) => setError(toApiError(err).toShape()))
      .finally(() => setChecking(false))
  }, [])

  const finished = useCallback(
    (result: WslSetupFinished) => {
      runningRef.current = null
      setRunning(null)
      setOutcome(result)
      recheck()
    },
    [recheck],
  )

  useEffect(() => {
    // The terminal's own events are subscribed by the app controller (terminalSession().start()).
    const off = subscribe('wsl:setup-finished', (result) => {
      if (runningRef.current === result.sessionId) finished(result)
      else early.current.set(result.sessionId, result)
    })
    return off
  }, [finished])

  useEffect(() => recheck(), [recheck])

  const start = useCallback(
    (what: 'install' | 'first-user', request: () => Promise<RunStarted>) => {
      if (runningRef.current) return
      setError(null)
      setOutcome(null)
      request()
        .then((started) => {
          terminalSession().begin(started.sessionId, started.command)
          const done = early.current.get(started.sessionId)
          early.current.clear()
          if (done) finished(done)
          else {
            runningRef.current = started.sessionId
            setRunning({ sessionId: started.sessionId, what })
          }
        })
        .catch((err: unknown) => setError(toApiError(err).toShape()))
    },
    [finished],
  )

  return {
    preflight,
    checking,
    error,
    running,
    outcome,
    recheck,
    install: () => start('install', () => invoke('wsl:install', { distro: 'Ubuntu-24.04' })),
    firstUser: (distro) => start('first-user', () => invoke('wsl:first-user', { distro })),
  }
}

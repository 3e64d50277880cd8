import { useCallback, useEffect, useRef, useState } from 'react'
import type { KeyFinished, KeyProveResult, KeyStatus } from '../../../../shared/ipc-contract'
import type { AppErrorShape } from '../../../../shared/result'
import type { SshTargetSpec } from '../../../../shared/target-spec'
import { invoke, subscribe, toApiError } from '../../api'
import { terminalSession } from '../terminal/terminalSession'

export interface KeySetupState {
  readonly status: KeyStatus | null
  readonly error: AppErrorShape | null
  /** The install session running in the terminal, if any. */
  readonly installing: string | null
  readonly proving: boolean
  readonly result: KeyFinished | null
  readonly proveResult: KeyProveResult | null
  install(): void
  prove(): void
  /** Ends the install session (its outcome then reads "failed … cancelled"). */
  cancel(): void
  dismiss(): void
}

/**
 * The Key login panel's state and requests: the app key's status, Install key (terminal), Prove key login.
 * With `spec`, the key goes to that machine (not connected: it refused the login) instead of the connected one.
 */
export function useKeySetup(targetKey: string, spec?: SshTargetSpec): KeySetupState {
  const [status, setStatus] = useState<KeyStatus | null>(null)
  const [error, setError] = useState<AppErrorShape | null>(null)
  const [installing, setInstalling] = useState<string | null>(null)
  const [proving, setProving] = useState(false)
  const [result, setResult] = useState<KeyFinished | null>(null)
  const [proveResult, setProveResult] = useState<KeyProveResult | null>(null)
  const installingRef = useRef<string | null>(null)
  /** A finished event that arrived before the install request returned its session id. */
  const early = useRef<KeyFinished | null>(null)

  const refresh = useCallback(() => {
    invoke('ssh:key-status', {}).then(setStatus, (err: unknown) => setError(toApiError(err).toShape()))
  }, [])

  useEffect(() => {
    setResult(null)
    setProveResult(null)
    refresh()
  }, [targetKey, refresh])

  useEffect(
    () =>
      subscribe('ssh:key-finished', (finished) => {
        if (installingRef.current !== finished.sessionId) {
          early.current = finished
          return
        }
        installingRef.current = null
        setInstalling(null)
        setResult(finished)
        refresh()
      }),
    [refresh],
  )

  const install = useCallback(() => {
    if (installingRef.current) return
    setError(null)
    setResult(null)
    setProveResult(null)
    installingRef.current = 'starting'
    invoke('ssh:key-install', spec ? { target: spec } : {}).then(
      (started) => {
        terminalSession().begin(started.sessionId, started.command)
        terminalSession().term.focus()
        if (early.current?.sessionId === started.sessionId) {
          installingRef.current = null
          setResult(early.current)
          early.current = null
          refresh()
          return
        }
        installingRef.current = started.sessionId
        setInstalling(started.sessionId)
      },
      (err: unknown) => {
        installingRef.current = null
        setError(toApiError(err).toShape())
      },
    )
  }, [refresh, spec])

  const prove = useCallback(() => {
    setProving(true)
    setError(null)
    setResult(null)
    invoke('ssh:key-prove', {})
      .then((r) => {
        setProveResult(r)
        refresh()
      }, (err: unknown) => setError(toApiError(err).toShape()))
      .finally(() => setProving(false))
  }, [refresh])

  return {
    status,
    error,
    installing,
    proving,
    result,
    proveResult,
    install,
    prove,
    cancel: () => {
      const id = installingRef.current
      if (id && id !== 'starting') invoke('terminal:cancel', { sessionId: id }).catch((err: unknown) => setError(toApiError(err).toShape()))
    },
    dismiss: () => {
      setError(null)
      setResult(null)
      setProveResult(null)
    },
  }
}

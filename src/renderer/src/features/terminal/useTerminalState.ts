import { useEffect, useState } from 'react'
import { terminalSession, type SessionState } from './terminalSession'

/** The terminal's current session id and exit code, as React state. */
export function useTerminalState(): SessionState {
  const [state, setState] = useState<SessionState>(() => terminalSession().state)
  useEffect(() => {
    const session = terminalSession()
    setState(session.state)
    return session.onChange(setState)
  }, [])
  return state
}

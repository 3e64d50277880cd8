import { describe, expect, it, vi } from 'vitest'
import type { ConnectionStatus } from '../../shared/ipc-contract'
import { AppError } from '../app-error'
import { CONNECTION_TIMEOUTS, ConnectionMonitor } from './connection-monitor'

function monitor(reconnect: (timeoutMs: number) => Promise<void>, delays = [1, 1, 1]) {
  const seen: ConnectionStatus[] = []
  const reconnected = vi.fn()
  const m = new ConnectionMonitor({ emit: (s) => seen.push(s), reconnect, onReconnected: reconnected }, { delays })
  const until = async (state: string, count = 1) => {
    for (let i = 0; i < 200; i++) {
      if (seen.filter((s) => s.state === state).length >= count) return
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error(`never reached ${state}; saw ${seen.map((s) => s.state).join(' ')}`)
  }
  return { m, seen, reconnected, until }
}

describe('ConnectionMonitor', () => {
  it('walks connecting → confirm host key → authenticating → connected, each with its timeout and a next step', () => {
    const { m, seen } = monitor(async () => undefined)
    m.connecting('ocss@vm1')
    m.confirmHostKey('ocss@vm1')
    m.connecting('ocss@vm1')
    m.authenticating('ocss@vm1')
    m.connected('ocss@vm1')
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'confirm-host-key', 'connecting', 'authenticating', 'connected'])
    expect(seen[0]).toMatchObject({ timeoutMs: CONNECTION_TIMEOUTS.connecting, hint: expect.stringMatching(/check that the machine is on/) })
    expect(seen[1]).toMatchObject({ timeoutMs: CONNECTION_TIMEOUTS['confirm-host-key'], hint: expect.stringMatching(/console/) })
    expect(seen[3]?.timeoutMs).toBe(CONNECTION_TIMEOUTS.authenticating)
    m.dispose()
  })

  it('an unanswered host-key question expires after five minutes and says nothing was connected', () => {
    vi.useFakeTimers()
    try {
      const { m, seen } = monitor(async () => undefined)
      m.confirmHostKey('ocss@vm1')
      vi.advanceTimersByTime(CONNECTION_TIMEOUTS['confirm-host-key'] - 1)
      expect(m.current.state).toBe('confirm-host-key')
      vi.advanceTimersByTime(1)
      expect(m.current).toMatchObject({ state: 'idle', message: expect.stringMatching(/not confirmed within 5 minutes; nothing was connected/) })
      expect(seen).toHaveLength(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('after a drop: lost → reconnecting → connected, and tells the service', async () => {
    let calls = 0
    const { m, seen, reconnected, until } = monitor(async (timeoutMs) => {
      calls++
      expect(timeoutMs).toBe(CONNECTION_TIMEOUTS.reconnecting)
      if (calls < 2) throw new AppError('CONNECTION_FAILED', 'refused', '')
    })
    m.connected('ocss@vm1')
    m.lost('ocss@vm1', new AppError('CONNECTION_FAILED', 'The connection to ocss@vm1 was lost.', ''))
    await until('connected', 2)
    expect(seen.map((s) => s.state)).toEqual(['connected', 'lost', 'reconnecting', 'reconnecting', 'connected'])
    expect(seen[1]).toMatchObject({ state: 'lost', autoRetry: true })
    expect(seen[3]).toMatchObject({ attempt: 2, message: expect.stringMatching(/attempt 2 of 3/) })
    expect(reconnected).toHaveBeenCalledTimes(1)
  })

  it('a second drop report while reconnecting does not start a second cycle', async () => {
    let release: () => void = () => undefined
    const { m, seen, until } = monitor(() => new Promise<void>((r) => (release = r)))
    m.lost('x', new Error('gone'))
    await until('reconnecting')
    m.lost('x', new Error('gone again'))
    release()
    await until('connected')
    expect(seen.filter((s) => s.state === 'lost')).toHaveLength(1)
  })

  it('gives up after every attempt failed, says why and what to do; Reconnect starts again', async () => {
    let fail = true
    const { m, until } = monitor(async () => {
      if (fail) throw new AppError('CONNECTION_FAILED', 'No route to host.', '')
    })
    m.lost('ocss@vm1', new Error('gone'))
    await until('reconnecting', 3)
    for (let i = 0; i < 100 && m.current.state !== 'lost'; i++) await new Promise((r) => setTimeout(r, 5))
    expect(m.current).toMatchObject({ state: 'lost', autoRetry: false, message: expect.stringMatching(/after 3 attempts\. No route to host\./), hint: expect.stringMatching(/press Reconnect/) })
    fail = false
    m.retry('ocss@vm1')
    await until('connected')
  })

  it('a disconnect during a reconnect cycle stops it', async () => {
    const { m, seen } = monitor(async () => undefined, [30])
    m.lost('x', new Error('gone'))
    m.idle()
    await new Promise((r) => setTimeout(r, 80))
    expect(seen.map((s) => s.state)).toEqual(['lost', 'idle'])
  })
})

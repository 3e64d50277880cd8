import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, invoke, invokeMain } from './api'

// window.api is the preload's bridge, which only Electron gives a page: a stub stands in for it here.
function stubBridge(invokeImpl: (channel: string, payload: unknown) => Promise<unknown>): void {
  vi.stubGlobal('window', { api: { invoke: invokeImpl, on: () => () => undefined } })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('invoke and invokeMain unwrap main\'s envelope (window.api stubbed: no Electron here)', () => {
  it('resolve with the value of an ok envelope, for both kinds of channel', async () => {
    const seen: string[] = []
    stubBridge((channel) => {
      seen.push(channel)
      return Promise.resolve({ ok: true, value: { channel } })
    })
    await expect(invoke('app:state', {})).resolves.toEqual({ channel: 'app:state' })
    await expect(invokeMain('clipboard:write', { text: 'x' })).resolves.toEqual({ channel: 'clipboard:write' })
    expect(seen).toEqual(['app:state', 'clipboard:write'])
  })

  it("throw main's own error as an ApiError with its code, message and hint", async () => {
    stubBridge(() => Promise.resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'Port must be a number.', hint: 'Type 1 to 65535.' } }))
    for (const call of [() => invoke('app:state', {}), () => invokeMain('clipboard:write', { text: 'x' })]) {
      const err = await call().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ApiError)
      expect((err as ApiError).toShape()).toEqual({ code: 'INVALID_INPUT', message: 'Port must be a number.', hint: 'Type 1 to 65535.' })
    }
  })

  it('turn a failed call into an INTERNAL ApiError that says what to do, and a missing bridge too', async () => {
    stubBridge(() => Promise.reject(new Error('ipc channel closed')))
    const failed = await invokeMain('clipboard:write', { text: 'x' }).catch((e: unknown) => e)
    expect((failed as ApiError).toShape()).toEqual({ code: 'INTERNAL', message: 'ipc channel closed', hint: 'Try again; if it keeps happening, restart the app.' })
    vi.stubGlobal('window', {})
    const missing = await invoke('app:state', {}).catch((e: unknown) => e)
    expect((missing as ApiError).toShape()).toMatchObject({ code: 'INTERNAL', message: 'The connection to the app core is missing.' })
  })
})

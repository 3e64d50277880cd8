import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../shared/ipc-contract'

type Handler = (event: unknown, payload: unknown) => Promise<unknown>
const ipc = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }))

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, fn: Handler) => {
      if (ipc.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      ipc.handlers.set(channel, fn)
    }),
    removeHandler: vi.fn((channel: string) => ipc.handlers.delete(channel)),
  },
}))

const { FORBIDDEN_ENVELOPE, isTrustedSender, registerIpc } = await import('./ipc')

const MAIN_ID = 7
const topFrame = (url: string) => ({ url, parent: null })
const subFrame = (url: string) => ({ url, parent: topFrame('app://ocss/index.html') })
const event = (senderId: number, frame: { url: string; parent: unknown } | null) => ({ sender: { id: senderId }, senderFrame: frame })

function setup(devOrigin: string | null = null) {
  const service = { handle: vi.fn(async (channel: string) => ({ ok: true, value: `handled ${channel}` })) }
  const unregister = registerIpc(service as never, { mainWebContentsId: () => MAIN_ID, devOrigin })
  const call = (channel: string, ev: unknown, payload: unknown = {}) => {
    const handler = ipc.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(ev, payload)
  }
  return { service, unregister, call }
}

beforeEach(() => ipc.handlers.clear())

describe('IPC registration and sender check (Electron mocked)', () => {
  it('registers exactly the contract invoke channels, and removes them again', () => {
    const { unregister } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('accepts the main window top frame on app://ocss/ and forwards channel + payload to the service', async () => {
    const { service, call } = setup()
    const payload = { stepId: 'ufw-firewall', action: 'apply' }
    await expect(call('step:run', event(MAIN_ID, topFrame('app://ocss/index.html')), payload)).resolves.toEqual({ ok: true, value: 'handled step:run' })
    expect(service.handle).toHaveBeenCalledWith('step:run', payload)
  })

  it('rejects a foreign webContents with a FORBIDDEN envelope (no throw, service not called)', async () => {
    const { service, call } = setup()
    await expect(call('app:state', event(MAIN_ID + 1, topFrame('app://ocss/index.html')))).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(FORBIDDEN_ENVELOPE.error.code).toBe('FORBIDDEN')
    expect(service.handle).not.toHaveBeenCalled()
  })

  it('rejects a subframe of the main window', async () => {
    const { service, call } = setup()
    await expect(call('app:state', event(MAIN_ID, subFrame('app://ocss/index.html')))).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(service.handle).not.toHaveBeenCalled()
  })

  it('rejects other origins and a vanished frame', async () => {
    const { service, call } = setup()
    for (const url of ['https://evil.example/', 'file:///C:/app/index.html', 'app://other/index.html', 'http://localhost:5173/', 'about:blank', 'data:text/html,x']) {
      await expect(call('app:state', event(MAIN_ID, topFrame(url))), url).resolves.toEqual(FORBIDDEN_ENVELOPE)
    }
    await expect(call('app:state', event(MAIN_ID, null))).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(service.handle).not.toHaveBeenCalled()
  })

  it('accepts the dev server origin only when one is configured', async () => {
    const { service, call } = setup('http://localhost:5173')
    await expect(call('app:state', event(MAIN_ID, topFrame('http://localhost:5173/')))).resolves.toEqual({ ok: true, value: 'handled app:state' })
    await expect(call('app:state', event(MAIN_ID, topFrame('http://localhost:5174/')))).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(service.handle).toHaveBeenCalledOnce()
  })

  it('rejects everything when there is no main window', () => {
    expect(isTrustedSender(event(MAIN_ID, topFrame('app://ocss/index.html')), null, null)).toBe(false)
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, MAIN_INVOKE_CHANNELS, MAX_CLIPBOARD_TEXT } from '../shared/ipc-contract'

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
  const clipboard = { writeText: vi.fn() }
  const checkUpdates = vi.fn(async () => ({ ok: true as const, value: { current: '0.1.0', latest: '0.2.0', newer: true, url: 'https://github.com/o/r/releases/tag/v0.2.0', mode: 'notify' as const } }))
  const unregister = registerIpc(service as never, { mainWebContentsId: () => MAIN_ID, devOrigin, clipboard, checkUpdates })
  const call = (channel: string, ev: unknown, payload: unknown = {}) => {
    const handler = ipc.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(ev, payload)
  }
  return { service, clipboard, checkUpdates, unregister, call }
}

beforeEach(() => ipc.handlers.clear())

describe('IPC registration and sender check (Electron mocked)', () => {
  it('registers exactly the contract invoke channels (the services\' and main\'s own), and removes them again', () => {
    const { unregister } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS, ...MAIN_INVOKE_CHANNELS].sort())
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

describe('updates:check, answered by main (Electron mocked)', () => {
  it('passes the payload to main\'s update check and returns its answer; the service is not involved', async () => {
    const { service, checkUpdates, call } = setup()
    const res = (await call('updates:check', event(MAIN_ID, topFrame('app://ocss/index.html')), {})) as { ok: boolean; value?: { latest: string } }
    expect(res.value?.latest).toBe('0.2.0')
    expect(checkUpdates).toHaveBeenCalledExactlyOnceWith({})
    expect(service.handle).not.toHaveBeenCalled()
  })

  it('refuses any other sender without reading the feed', async () => {
    const { checkUpdates, call } = setup()
    await expect(call('updates:check', event(MAIN_ID + 1, topFrame('app://ocss/index.html')), {})).resolves.toEqual(FORBIDDEN_ENVELOPE)
    await expect(call('updates:check', event(MAIN_ID, topFrame('https://evil.example/')), {})).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(checkUpdates).not.toHaveBeenCalled()
  })
})

describe('clipboard:write, answered by main with Electron\'s clipboard (Electron mocked)', () => {
  const app = event(MAIN_ID, topFrame('app://ocss/index.html'))

  it('writes the text from the main window, tabs and line breaks included; the service is not involved', async () => {
    const { service, clipboard, call } = setup()
    const text = 'sudo ufw allow 2222/tcp\n\tssh-ed25519 AAAA… openclaw-secure-setup\n'
    await expect(call('clipboard:write', app, { text })).resolves.toEqual({ ok: true, value: null })
    expect(clipboard.writeText).toHaveBeenCalledExactlyOnceWith(text)
    expect(service.handle).not.toHaveBeenCalled()
  })

  it('refuses any other sender without writing', async () => {
    const { clipboard, call } = setup()
    await expect(call('clipboard:write', event(MAIN_ID + 1, topFrame('app://ocss/index.html')), { text: 'x' })).resolves.toEqual(FORBIDDEN_ENVELOPE)
    await expect(call('clipboard:write', event(MAIN_ID, subFrame('app://ocss/index.html')), { text: 'x' })).resolves.toEqual(FORBIDDEN_ENVELOPE)
    expect(clipboard.writeText).not.toHaveBeenCalled()
  })

  it('refuses empty, oversized and control-character text, and extra fields, with a message and a hint', async () => {
    const { clipboard, call } = setup()
    const bad: [unknown, RegExp][] = [
      [{ text: '' }, /nothing to copy/],
      [{ text: 'x'.repeat(MAX_CLIPBOARD_TEXT + 1) }, /longer than 256 KiB/],
      [{ text: 'echo hi\rrm -rf /' }, /control characters/],
      [{ text: 'a\u001b[31mred' }, /control characters/],
      [{ text: 'nul\u0000' }, /control characters/],
      [{ text: 'c1\u009b' }, /control characters/],
      [{ text: 'x', html: '<b>x</b>' }, /./],
      [{ text: 42 }, /./],
      [null, /./],
    ]
    for (const [payload, message] of bad) {
      const res = (await call('clipboard:write', app, payload)) as { ok: boolean; error?: { code: string; message: string; hint: string } }
      expect(res.ok, JSON.stringify(payload)?.slice(0, 60)).toBe(false)
      expect(res.error?.code).toBe('INVALID_INPUT')
      expect(res.error?.message).toMatch(message)
      expect(res.error?.hint).toMatch(/Nothing was copied/)
    }
    // Exactly at the limit is fine.
    await expect(call('clipboard:write', app, { text: 'x'.repeat(MAX_CLIPBOARD_TEXT) })).resolves.toEqual({ ok: true, value: null })
    expect(clipboard.writeText).toHaveBeenCalledOnce()
  })

  it('says what happened when the clipboard itself fails', async () => {
    const { clipboard, call } = setup()
    clipboard.writeText.mockImplementation(() => {
      throw new Error('clipboard is locked by another program')
    })
    await expect(call('clipboard:write', app, { text: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'The clipboard could not be written: clipboard is locked by another program' } })
  })
})

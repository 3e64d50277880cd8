import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNELS, INVOKE_CHANNELS, MAIN_INVOKE_CHANNELS } from '../shared/ipc-contract'
import type { PreloadApi } from '../shared/ipc-contract'

type Listener = (event: unknown, payload: unknown) => void
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    ipcRenderer: {
      invoke: vi.fn(async (channel: string) => ({ ok: true, value: channel })),
      on: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn))
      }),
      removeListener: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => void) => {
        listeners.get(channel)?.delete(fn)
      }),
    },
  }
})

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => electron.exposed.set(key, value)) },
  ipcRenderer: electron.ipcRenderer,
}))

await import('./index')
const api = electron.exposed.get('api') as PreloadApi
/** The api as untyped page script would call it. */
const loose = api as unknown as { invoke(c: string, p: unknown): Promise<unknown>; on(e: string, l: unknown): () => void }

function fire(channel: string, payload: unknown): void {
  const fakeEvent = { sender: electron.ipcRenderer, senderId: 0 }
  for (const fn of electron.listeners.get(channel) ?? []) (fn as Listener)(fakeEvent, payload)
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear()
})

describe('preload bridge (Electron mocked)', () => {
  it('exposes exactly one global, window.api, with only invoke and on', () => {
    expect([...electron.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
  })

  it('forwards every contract invoke channel (the services\' and main\'s own) to ipcRenderer.invoke', async () => {
    expect(MAIN_INVOKE_CHANNELS).toContain('clipboard:write')
    for (const channel of [...INVOKE_CHANNELS, ...MAIN_INVOKE_CHANNELS]) {
      await expect(loose.invoke(channel, { x: 1 })).resolves.toEqual({ ok: true, value: channel })
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { x: 1 })
    }
  })

  it('refuses an unknown invoke channel without touching IPC', async () => {
    for (const channel of ['shell:exec', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'app:state ', '']) {
      await expect(loose.invoke(channel, {})).rejects.toThrow(/Unknown request channel/)
    }
    await expect(loose.invoke(42 as unknown as string, {})).rejects.toThrow(/Unknown request channel/)
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('refuses an unknown event channel and a non-function listener', () => {
    expect(() => loose.on('ELECTRON_RENDERER_RELEASE_CALLBACK', () => undefined)).toThrow(/Unknown event channel/)
    expect(() => loose.on('terminal:data', 'not a function')).toThrow(TypeError)
  })

  it('gives listeners the payload only (never the IpcRendererEvent) and unsubscribes', () => {
    for (const channel of EVENT_CHANNELS) {
      const listener = vi.fn()
      const off = api.on(channel, listener)
      const payload = { sessionId: 'abcdef0123456789', data: 'x' }
      fire(channel, payload)
      expect(listener).toHaveBeenCalledTimes(1)
      expect(listener.mock.calls[0]).toEqual([payload])
      off()
      fire(channel, payload)
      expect(listener).toHaveBeenCalledTimes(1)
      expect(electron.listeners.get(channel)?.size ?? 0).toBe(0)
    }
  })
})

describe('preload bundle inputs', () => {
  it('imports at run time only electron, ./api and the zod-free channel lists', () => {
    const runtimeImports = (file: string) =>
      [...readFileSync(join(__dirname, file), 'utf8').matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)]
        .filter((m) => !m[1])
        .map((m) => m[2])
    expect(runtimeImports('index.ts')).toEqual(['electron', './api'])
    expect(runtimeImports('api.ts')).toEqual(['../shared/channels'])
    const channels = readFileSync(join(__dirname, '../shared/channels.ts'), 'utf8')
    expect(channels).not.toMatch(/^\s*import\s/m)
  })
})

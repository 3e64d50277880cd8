import { describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({ registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() }))
vi.mock('electron', () => ({ protocol: electron }))

const { registerAppSchemePrivileges, serveAppProtocol } = await import('./protocol')

describe('app:// scheme registration (Electron mocked)', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme', () => {
    registerAppSchemePrivileges()
    expect(electron.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('serves requests through the guarded resolver (a traversal attempt is refused)', async () => {
    serveAppProtocol('/nonexistent/renderer')
    const [scheme, handler] = electron.handle.mock.calls[0] as [string, (r: { url: string; method: string }) => Promise<Response>]
    expect(scheme).toBe('app')
    expect((await handler({ url: 'app://ocss/%2e%2e/etc/passwd', method: 'GET' })).status).toBe(400)
    expect((await handler({ url: 'app://ocss/index.html', method: 'GET' })).status).toBe(404)
  })
})

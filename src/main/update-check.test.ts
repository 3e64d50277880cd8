import { describe, expect, it, vi } from 'vitest'
import { checkForUpdates } from './update-check'
import { RELEASES_PAGE, type FetchLike } from './updates'

const page = `${RELEASES_PAGE}tag/v0.4.0`
const feed = (body: unknown, status = 200): FetchLike & ReturnType<typeof vi.fn> =>
  vi.fn(async () => ({ ok: status >= 200 && status < 300, status, json: async () => body })) as never

describe('updates:check (the window\'s "Check for updates" link)', () => {
  it('compares the feed\'s latest release with this build, says the build\'s mode, and reads the given API root', async () => {
    const f = feed({ tag_name: 'v0.4.0', html_url: page })
    const r = await checkForUpdates({ current: '0.1.0', mode: 'notify', fetch: f, apiRoot: 'http://127.0.0.1:9' }, {})
    expect(r).toEqual({ ok: true, value: { current: '0.1.0', latest: '0.4.0', newer: true, url: page, mode: 'notify' } })
    expect(f.mock.calls[0]?.[0]).toBe('http://127.0.0.1:9/repos/openclaw/openclaw-secure-setup/releases/latest')
    const same = await checkForUpdates({ current: '0.4.0', mode: 'auto', fetch: feed({ tag_name: 'v0.4.0', html_url: page }) }, {})
    expect(same).toMatchObject({ ok: true, value: { newer: false, mode: 'auto' } })
  })

  it('reads api.github.com when no root is given', async () => {
    const f = feed({ tag_name: 'v0.4.0', html_url: page })
    await checkForUpdates({ current: '0.1.0', mode: 'notify', fetch: f }, {})
    expect(f.mock.calls[0]?.[0]).toBe('https://api.github.com/repos/openclaw/openclaw-secure-setup/releases/latest')
  })

  it('a development build does not read the feed and says why', async () => {
    const f = feed({})
    const r = await checkForUpdates({ current: '0.1.0', mode: 'off', fetch: f }, {})
    expect(r).toMatchObject({ ok: false, error: { code: 'UPDATE_CHECK_FAILED', message: expect.stringMatching(/development build/) } })
    expect(f).not.toHaveBeenCalled()
  })

  it('refuses a payload with fields, without reading the feed', async () => {
    const f = feed({})
    for (const payload of [{ url: 'https://evil.example/' }, null, 'x']) {
      const r = await checkForUpdates({ current: '0.1.0', mode: 'notify', fetch: f }, payload)
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(f).not.toHaveBeenCalled()
  })

  it('a feed that fails or points elsewhere: what happened, and where to look by hand (nothing downloaded)', async () => {
    const cases: [FetchLike, RegExp][] = [
      [feed({}, 503), /HTTP 503/],
      [vi.fn(async () => { throw new Error('getaddrinfo ENOTFOUND api.github.com') }), /ENOTFOUND/],
      [feed({ tag_name: 'v9.9.9', html_url: 'https://evil.example/releases/' }), /pointed outside/],
    ]
    for (const [f, message] of cases) {
      const r = await checkForUpdates({ current: '0.1.0', mode: 'notify', fetch: f }, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'UPDATE_CHECK_FAILED', message: expect.stringMatching(message) } })
      if (!r.ok) expect(r.error.hint).toBe(`Nothing was downloaded or changed. To see the latest release yourself, open ${RELEASES_PAGE} in a browser.`)
    }
  })
})

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RELEASES_PAGE } from '../../src/main/updates'
import { startBridge, type Bridge } from './bridge'

/**
 * "Check for updates" in the window: the built renderer in Chromium, main's own update-check handler (the bridge runs
 * src/main/update-check.ts as Electron's main does) and Node's real fetch against a release feed stand-in on loopback,
 * as a packaged unsigned build of 0.1.0. Electron's net.fetch and its system-browser hand-off cannot run here
 * (window.test.ts covers the hand-off with Electron mocked).
 */
let bridge: Bridge
let server: Server
/** What the stand-in feed answers next. */
let answer: { status: number; body: unknown } = { status: 503, body: { message: 'Service Unavailable' } }
const requests: { url: string | undefined; headers: IncomingHttpHeaders }[] = []
const page040 = `${RELEASES_PAGE}tag/v0.4.0`

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url, headers: req.headers })
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer.body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  bridge = await startBridge({ updateFeed: { apiRoot: `http://127.0.0.1:${port}`, current: '0.1.0' } })
}, 120_000)
afterAll(async () => {
  await bridge?.close()
  await new Promise((r) => server?.close(r))
})

describe('"Check for updates" (browser bridge, main\'s handler, a loopback release feed; Electron\'s net.fetch mocked by Node\'s fetch)', () => {
  it('the feed failing: what happened and where to look by hand; nothing else is requested', async () => {
    const { page } = bridge
    await page.getByTestId('connect-screen').waitFor()
    await page.getByTestId('update-check').click()
    const error = page.getByTestId('update-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.textContent()).toMatch(/Could not check for updates \(the release feed answered HTTP 503\)\..*Nothing was downloaded or changed\. .*github\.com\/openclaw\/openclaw-secure-setup\/releases\//)
    expect(requests.map((r) => r.url)).toEqual(['/repos/openclaw/openclaw-secure-setup/releases/latest'])
    expect(requests[0]?.headers['user-agent']).toBe('OpenClaw-Secure-Setup')
    expect(requests[0]?.headers.accept).toBe('application/vnd.github+json')
  })

  it('"Try again" with a newer release: its version, and its page to open in the browser (no download link)', async () => {
    const { page } = bridge
    answer = { status: 200, body: { tag_name: 'v0.4.0', html_url: page040, assets: [{ browser_download_url: `${RELEASES_PAGE}download/v0.4.0/setup.exe` }] } }
    await page.getByTestId('update-check').click()
    const result = page.getByTestId('update-result')
    await result.waitFor({ timeout: 15_000 })
    expect(await result.textContent()).toBe('Version 0.4.0 is available (this is 0.1.0). Download it from its release page; nothing is downloaded from here.')
    const link = page.getByTestId('update-release-page')
    expect(await link.getAttribute('href')).toBe(page040)
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await page.locator('a[href*="download"]').count()).toBe(0)
    await bridge.screenshot('update-available')
  })

  it('a feed pointing outside the project\'s releases is not shown as a link', async () => {
    const { page } = bridge
    await bridge.reopen()
    answer = { status: 200, body: { tag_name: 'v9.9.9', html_url: 'https://evil.example/releases/tag/v9.9.9' } }
    await page.getByTestId('update-check').click()
    await page.getByTestId('update-error').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('update-error').textContent()).toMatch(/pointed outside/)
    expect(await page.locator('a[href*="evil.example"]').count()).toBe(0)
  })

  it('the same version: says this is the latest release', async () => {
    const { page } = bridge
    answer = { status: 200, body: { tag_name: 'v0.1.0', html_url: `${RELEASES_PAGE}tag/v0.1.0` } }
    await page.getByTestId('update-check').click()
    await page.getByTestId('update-result').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('update-result').textContent()).toBe('Version 0.1.0 is the latest release.')
  })
})

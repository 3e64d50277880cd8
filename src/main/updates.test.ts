import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { currentUpdateMode, setupUpdates } from './update-wiring'
import { builtSigned, compareVersions, latestRelease, RELEASE_REPO, startAutoUpdates, updateMode, type FetchLike, type UpdaterLike } from './updates'

describe('updates: the switch (Electron mocked)', () => {
  it('auto only for a signed packaged build on Windows or macOS; notify for unsigned and Linux; off unpackaged', () => {
    expect(updateMode({ isPackaged: true, signed: true, platform: 'win32' })).toBe('auto')
    expect(updateMode({ isPackaged: true, signed: true, platform: 'darwin' })).toBe('auto')
    expect(updateMode({ isPackaged: true, signed: false, platform: 'win32' })).toBe('notify')
    expect(updateMode({ isPackaged: true, signed: true, platform: 'linux' })).toBe('notify')
    expect(updateMode({ isPackaged: false, signed: true, platform: 'win32' })).toBe('off')
  })
  it('"signed" is read from the packed package.json and is true only for the literal true the workflow writes', () => {
    expect(builtSigned({ ocssBuild: { signed: true } })).toBe(true)
    for (const p of [{ ocssBuild: { signed: 'true' } }, { ocssBuild: {} }, {}, null, 'x']) expect(builtSigned(p)).toBe(false)
    const dir = mkdtempSync(join(tmpdir(), 'ocss-upd-'))
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.1.0', ocssBuild: { signed: true } }))
      expect(currentUpdateMode({ isPackaged: true, getAppPath: () => dir }, 'win32')).toBe('auto')
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '0.1.0', ocssBuild: { signed: false } }))
      expect(currentUpdateMode({ isPackaged: true, getAppPath: () => dir }, 'win32')).toBe('notify')
      // This checkout's package.json says nothing about signing: a build from it is unsigned.
      expect(currentUpdateMode({ isPackaged: true, getAppPath: () => resolve(__dirname, '../..') }, 'win32')).toBe('notify')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('an unsigned build never loads electron-updater', async () => {
    const load = vi.fn()
    const mode = await setupUpdates({ isPackaged: true, getAppPath: () => resolve(__dirname, '../..') }, { showMessageBox: vi.fn() } as never, () => null, load)
    expect(mode).toBe('notify')
    expect(load).not.toHaveBeenCalled()
  })
  it('electron-builder.yml publishes to the same repository the notify mode reads', () => {
    const cfg = parse(readFileSync(resolve(__dirname, '../../electron-builder.yml'), 'utf8')) as { publish: Record<string, string> }
    expect(cfg.publish).toMatchObject({ provider: 'github', owner: RELEASE_REPO.owner, repo: RELEASE_REPO.repo })
  })
})

describe('updates: the auto mode is staged (electron-updater mocked)', () => {
  function fakeUpdater() {
    const handlers: Record<string, ((x: never) => void)[]> = {}
    const u = {
      autoDownload: true, autoInstallOnAppQuit: true, allowPrerelease: true, allowDowngrade: true,
      on: vi.fn((e: string, f: (x: never) => void) => { (handlers[e] ??= []).push(f); return u }),
      checkForUpdates: vi.fn(async () => null),
      downloadUpdate: vi.fn(async () => []),
      quitAndInstall: vi.fn(),
      emit: (e: string, x: unknown) => { for (const f of handlers[e] ?? []) f(x as never) },
    }
    return u
  }
  const flush = () => new Promise((r) => setTimeout(r, 0))
  it('downloads nothing by itself, installs nothing on quit, never a pre-release or a downgrade', async () => {
    const u = fakeUpdater()
    await startAutoUpdates(u as unknown as UpdaterLike, { download: async () => false, restart: async () => false, error: vi.fn() })
    expect(u).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowPrerelease: false, allowDowngrade: false })
    expect(u.checkForUpdates).toHaveBeenCalledOnce()
  })
  it('asks before downloading and before restarting; "Later" leaves both alone', async () => {
    const u = fakeUpdater()
    const prompts = { download: vi.fn(async () => false), restart: vi.fn(async () => false), error: vi.fn() }
    await startAutoUpdates(u as unknown as UpdaterLike, prompts)
    u.emit('update-available', { version: '0.2.0' })
    await flush()
    expect(prompts.download).toHaveBeenCalledWith('0.2.0')
    expect(u.downloadUpdate).not.toHaveBeenCalled()
    prompts.download.mockResolvedValue(true)
    u.emit('update-available', { version: '0.2.0' })
    await flush()
    expect(u.downloadUpdate).toHaveBeenCalledOnce()
    u.emit('update-downloaded', { version: '0.2.0' })
    await flush()
    expect(u.quitAndInstall).not.toHaveBeenCalled()
    prompts.restart.mockResolvedValue(true)
    u.emit('update-downloaded', { version: '0.2.0' })
    await flush()
    expect(u.quitAndInstall).toHaveBeenCalledOnce()
  })
  it('a failed signature check (electron-updater\'s error) is reported as nothing installed', async () => {
    const u = fakeUpdater()
    const prompts = { download: vi.fn(), restart: vi.fn(), error: vi.fn() }
    await startAutoUpdates(u as unknown as UpdaterLike, prompts as never)
    u.emit('error', new Error('New version 0.2.0 is not signed by the application owner: publisherNames: OpenClaw'))
    expect(prompts.error).toHaveBeenCalledWith(expect.stringMatching(/nothing was installed: New version 0\.2\.0 is not signed/))
    expect(u.quitAndInstall).not.toHaveBeenCalled()
  })
})

describe('updates: the notify mode reads the latest version only', () => {
  const page = `https://github.com/${RELEASE_REPO.owner}/${RELEASE_REPO.repo}/releases/tag/v0.3.0`
  const feed = (body: unknown, status = 200): FetchLike => vi.fn(async () => ({ ok: status === 200, status, json: async () => body }))
  it('a newer release: its version and page, from the GitHub API of the release repository', async () => {
    const f = feed({ tag_name: 'v0.3.0', html_url: page, assets: [{ browser_download_url: 'https://x/evil.exe' }] })
    expect(await latestRelease('0.1.0', f)).toEqual({ current: '0.1.0', latest: '0.3.0', newer: true, url: page })
    expect((f as ReturnType<typeof vi.fn>).mock.calls[0]?.[0]).toBe(`https://api.github.com/repos/${RELEASE_REPO.owner}/${RELEASE_REPO.repo}/releases/latest`)
    expect((await latestRelease('0.3.0', f)).newer).toBe(false)
  })
  it('a feed that fails, names no version or points elsewhere gives a message, never a link to follow', async () => {
    await expect(latestRelease('0.1.0', feed({}, 403))).rejects.toThrow(/Could not check for updates \(the release feed answered HTTP 403\)/)
    await expect(latestRelease('0.1.0', feed({ tag_name: 'nightly', html_url: page }))).rejects.toThrow(/named no release version/)
    await expect(latestRelease('0.1.0', feed({ tag_name: 'v9.9.9', html_url: 'https://evil.example/releases/' }))).rejects.toThrow(/pointed outside/)
    await expect(latestRelease('0.1.0', vi.fn(async () => { throw new Error('getaddrinfo ENOTFOUND api.github.com') }))).rejects.toThrow(/ENOTFOUND.*internet connection/)
  })
  it('compares plain versions numerically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1)
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0)
    expect(() => compareVersions('1.2.3-beta', '1.2.3')).toThrow(/not a release version/)
  })
})

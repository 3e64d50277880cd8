/**
 * Updates (docs/updates.md). Two modes, chosen by the build, never by the network:
 * - **auto**, only in a packaged build the release workflow signed (`ocssBuild.signed: true` in the packed
 *   package.json) on Windows or macOS: electron-updater against the GitHub release feed. It downloads nothing until
 *   the person says so, checks the download's publisher signature (Windows: the Authenticode publisher must be the
 *   one in app-update.yml; macOS: Squirrel.Mac checks the code signature), and installs only after a restart prompt.
 * - **notify**, every other packaged build (unsigned ones, Linux): "check for updates" reads the latest release's
 *   version from the feed and shows it with its page; nothing is downloaded or run.
 * Unpackaged runs (development, tests) do neither.
 */

/** The release feed: the GitHub repository electron-builder.yml `publish` names (packaging.test.ts keeps them equal). */
export const RELEASE_REPO = { owner: 'openclaw', repo: 'openclaw-secure-setup' } as const

export type UpdateMode = 'auto' | 'notify' | 'off'

export function updateMode(o: { readonly isPackaged: boolean; readonly signed: boolean; readonly platform: NodeJS.Platform }): UpdateMode {
  if (!o.isPackaged) return 'off'
  return o.signed && (o.platform === 'win32' || o.platform === 'darwin') ? 'auto' : 'notify'
}

/** `ocssBuild.signed` of the packed package.json: true only when the release workflow signed this build. */
export function builtSigned(pkg: unknown): boolean {
  const build = (pkg as { ocssBuild?: { signed?: unknown } } | null)?.ocssBuild
  return build?.signed === true
}

const SEMVER = /^v?(\d{1,6})\.(\d{1,6})\.(\d{1,6})$/

/** -1, 0 or 1; throws on anything but plain x.y.z (pre-releases are not offered). */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a)
  const pb = SEMVER.exec(b)
  if (!pa || !pb) throw new Error(`not a release version: ${pa ? b : a}`)
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i])
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

export interface LatestRelease {
  readonly current: string
  readonly latest: string
  readonly newer: boolean
  /** the release's page on github.com (to open in the browser), never a download */
  readonly url: string
}

export type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

/** The GitHub API the feed is read from (the e2e bridge points it at a loopback stand-in). */
export const RELEASE_API_ROOT = 'https://api.github.com'

/** Where the releases are shown; every page the app offers to open starts with this. */
export const RELEASES_PAGE = `https://github.com/${RELEASE_REPO.owner}/${RELEASE_REPO.repo}/releases/`

/** The latest published release from the feed, compared with `current`. Every failure says what to do. */
export async function latestRelease(current: string, fetchFn: FetchLike, timeoutMs = 10_000, apiRoot = RELEASE_API_ROOT): Promise<LatestRelease> {
  const { owner, repo } = RELEASE_REPO
  const api = `${apiRoot}/repos/${owner}/${repo}/releases/latest`
  let body: unknown
  try {
    const r = await fetchFn(api, { headers: { Accept: 'application/vnd.github+json', 'User-Agent': 'OpenClaw-Secure-Setup' }, signal: AbortSignal.timeout(timeoutMs) })
    if (!r.ok) throw new Error(`the release feed answered HTTP ${r.status}`)
    body = await r.json()
  } catch (e) {
    throw new Error(`Could not check for updates (${e instanceof Error ? e.message : String(e)}). Check the internet connection (or a proxy in the way).`)
  }
  const tag = (body as { tag_name?: unknown } | null)?.tag_name
  const url = (body as { html_url?: unknown } | null)?.html_url
  if (typeof tag !== 'string' || !SEMVER.test(tag)) throw new Error(`The release feed named no release version (got ${JSON.stringify(tag)?.slice(0, 40)}).`)
  if (typeof url !== 'string' || !url.startsWith(RELEASES_PAGE)) throw new Error(`The release feed pointed outside ${RELEASES_PAGE}; not shown.`)
  const latest = tag.replace(/^v/, '')
  return { current, latest, newer: compareVersions(latest, current) > 0, url }
}

/** What of electron-updater's AppUpdater the auto mode uses (tests pass a fake). */
export interface UpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowPrerelease: boolean
  allowDowngrade: boolean
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  checkForUpdates(): Promise<unknown>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(): void
}

export interface UpdatePrompts {
  /** "Version X is available. Download it?" */
  download(version: string): Promise<boolean>
  /** "Version X is ready. Restart now to install it?" */
  restart(version: string): Promise<boolean>
  error(message: string): void
}

/** The auto mode: staged (ask, download, verify, ask again, restart), never a silent install. */
export function startAutoUpdates(updater: UpdaterLike, prompts: UpdatePrompts): Promise<unknown> {
  updater.autoDownload = false
  updater.autoInstallOnAppQuit = false
  updater.allowPrerelease = false
  updater.allowDowngrade = false
  updater.on('update-available', (info) => {
    void prompts.download(info.version).then((yes) => (yes ? updater.downloadUpdate() : undefined)).catch((e: unknown) => prompts.error(String(e)))
  })
  updater.on('update-downloaded', (info) => {
    void prompts.restart(info.version).then((yes) => { if (yes) updater.quitAndInstall() })
  })
  updater.on('error', (e) => prompts.error(`The update failed and nothing was installed: ${e.message}`))
  return updater.checkForUpdates().catch((e: unknown) => prompts.error(`Could not check for updates: ${String(e)}`))
}

import { mainInvokeSchemas, type UpdateCheck } from '../shared/ipc-contract'
import type { Envelope } from '../shared/result'
import { latestRelease, RELEASE_API_ROOT, RELEASES_PAGE, type FetchLike, type UpdateMode } from './updates'

/** What `updates:check` needs from main: this build's version and mode, and a fetch (Electron's net.fetch). */
export interface UpdateCheckDeps {
  readonly current: string
  readonly mode: UpdateMode
  readonly fetch: FetchLike
  /** TESTS ONLY: the e2e bridge's loopback feed; main never sets it. */
  readonly apiRoot?: string
  readonly timeoutMs?: number
}

const HINT = `Nothing was downloaded or changed. To see the latest release yourself, open ${RELEASES_PAGE} in a browser.`

/**
 * updates:check — the window's "Check for updates" link. Reads the latest release's version from the feed and
 * compares it with this build's; the answer carries the release's page (github.com only) for the system browser.
 * Electron-free, so the browser bridge runs this same code. Development builds have no release to compare with.
 */
export async function checkForUpdates(deps: UpdateCheckDeps, payload: unknown): Promise<Envelope<UpdateCheck>> {
  const parsed = mainInvokeSchemas['updates:check'].safeParse(payload)
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: parsed.error.issues[0]?.message ?? 'Invalid input.', hint: HINT } }
  if (deps.mode === 'off') {
    return {
      ok: false,
      error: { code: 'UPDATE_CHECK_FAILED', message: `This is a development build (${deps.current}, not packaged): it has no release to compare with.`, hint: 'Packaged builds check the release feed here.' },
    }
  }
  try {
    const r = await latestRelease(deps.current, deps.fetch, deps.timeoutMs, deps.apiRoot ?? RELEASE_API_ROOT)
    return { ok: true, value: { ...r, mode: deps.mode } }
  } catch (e) {
    return { ok: false, error: { code: 'UPDATE_CHECK_FAILED', message: e instanceof Error ? e.message : String(e), hint: HINT } }
  }
}

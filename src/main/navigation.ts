/** Pure decisions about where the window may go. The window never leaves the page it loaded. */

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** Only a reload of the current document is allowed (fragment ignored); every other navigation is denied. */
export function isAllowedNavigation(targetUrl: string, currentUrl: string): boolean {
  const target = parse(targetUrl)
  const current = parse(currentUrl)
  if (!target || !current) return false
  target.hash = ''
  current.hash = ''
  return target.href === current.href
}

/**
 * The URL to hand to the system browser, or null. Only plain https links (no credentials, default port)
 * leave the app; file:, javascript:, custom schemes and http are refused.
 */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parse(url)
  if (!parsed || parsed.protocol !== 'https:') return null
  if (parsed.username || parsed.password || parsed.port) return null
  if (!parsed.hostname) return null
  return parsed.href
}

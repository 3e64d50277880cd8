import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './csp'

/**
 * The app:// scheme that serves the built renderer (out/renderer). Electron-free: the URL → file decision
 * and the response are plain functions, so the path-traversal guard is unit-tested without Electron.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'ocss'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export type AppPathResolution =
  | { readonly ok: true; readonly filePath: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string }

const refuse = (status: 400 | 403 | 404, reason: string): AppPathResolution => ({ ok: false, status, reason })

/** True for a URL of this app's own origin (app://ocss/…). Node's URL gives "null" origins for custom schemes, so compare parts. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/**
 * Maps `app://ocss/<path>` to a file under `rootDir`, refusing anything that could leave it:
 * `..` or `.` segments (plain or percent-encoded), encoded slashes, backslashes, NUL bytes,
 * double encoding, absolute paths (`//etc`, `/C:/…`), empty segments and any other origin.
 */
export function resolveAppPath(rawUrl: string, rootDir: string): AppPathResolution {
  const prefix = `${APP_ORIGIN}/`
  if (rawUrl.slice(0, prefix.length).toLowerCase() !== prefix) return refuse(403, 'not this app\'s origin')
  let rest = rawUrl.slice(prefix.length)
  const cut = rest.search(/[?#]/)
  if (cut >= 0) rest = rest.slice(0, cut)

  if (rest.includes('\0') || /%00/i.test(rest)) return refuse(400, 'NUL byte')
  if (rest.includes('\\') || /%5c/i.test(rest)) return refuse(400, 'backslash')
  if (/%2f/i.test(rest)) return refuse(400, 'encoded slash')
  if (/%2e/i.test(rest)) return refuse(400, 'encoded dot')

  let decoded: string
  try {
    decoded = decodeURIComponent(rest)
  } catch {
    return refuse(400, 'malformed percent-encoding')
  }
  if (decoded === '') decoded = 'index.html'
  if (decoded.includes('\0') || decoded.includes('\\')) return refuse(400, 'NUL byte or backslash')
  if (decoded.includes('%')) return refuse(400, 'double percent-encoding')
  if (decoded.startsWith('/') || isAbsolute(decoded) || /^[a-zA-Z]:/.test(decoded)) return refuse(400, 'absolute path')

  const segments = decoded.split('/')
  if (segments.some((s) => s === '..' || s === '.')) return refuse(400, 'dot segment')
  if (segments.some((s) => s === '')) return refuse(404, 'empty segment or directory')

  const root = resolve(rootDir)
  const filePath = resolve(root, ...segments)
  const rel = relative(root, filePath)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return refuse(403, 'outside the renderer folder')
  return { ok: true, filePath }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

function errorResponse(status: number, statusText: string): Response {
  return new Response(statusText, { status, statusText, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** The response for one app:// request: the file with its content type and security headers, or an error status. */
export async function appProtocolResponse(rawUrl: string, method: string, rootDir: string): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return errorResponse(405, 'Method Not Allowed')
  const resolution = resolveAppPath(rawUrl, rootDir)
  if (!resolution.ok) return errorResponse(resolution.status, resolution.status === 404 ? 'Not Found' : resolution.status === 403 ? 'Forbidden' : 'Bad Request')
  try {
    const info = await stat(resolution.filePath)
    if (!info.isFile()) return errorResponse(404, 'Not Found')
    const body = method === 'HEAD' ? null : new Uint8Array(await readFile(resolution.filePath))
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(resolution.filePath) } })
  } catch {
    return errorResponse(404, 'Not Found')
  }
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appProtocolResponse, contentTypeFor, isAppUrl, resolveAppPath } from './app-protocol'
import { CONTENT_SECURITY_POLICY } from './csp'

// Pure module: no Electron involved.
const root = mkdtempSync(join(tmpdir(), 'ocss-renderer-'))
mkdirSync(join(root, 'assets'))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>')
writeFileSync(join(root, 'assets', 'index-Ab12.js'), 'console.log(1)')
writeFileSync(join(root, 'assets', 'my file.css'), 'body{}')
// A file beside the root that traversal would reach.
writeFileSync(join(root, '..', `${root.split(/[\\/]/).pop()}-secret.txt`), 'secret')
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(join(root, '..', `${root.split(/[\\/]/).pop()}-secret.txt`), { force: true })
})

describe('app:// URL → file resolution', () => {
  it('maps app://ocss/<path> into the renderer folder; the bare origin is index.html', () => {
    expect(resolveAppPath('app://ocss/index.html', root)).toEqual({ ok: true, filePath: resolve(root, 'index.html') })
    expect(resolveAppPath('app://ocss/', root)).toEqual({ ok: true, filePath: resolve(root, 'index.html') })
    expect(resolveAppPath('app://ocss/assets/index-Ab12.js?v=1#x', root)).toEqual({ ok: true, filePath: resolve(root, 'assets/index-Ab12.js') })
    expect(resolveAppPath('app://ocss/assets/my%20file.css', root)).toEqual({ ok: true, filePath: resolve(root, 'assets/my file.css') })
  })

  it.each([
    ['plain ..', 'app://ocss/../secret.txt'],
    ['nested ..', 'app://ocss/assets/../../secret.txt'],
    ['encoded %2e%2e', 'app://ocss/%2e%2e/secret.txt'],
    ['upper-case %2E%2E', 'app://ocss/%2E%2E/%2E%2E/etc/passwd'],
    ['half-encoded .%2e', 'app://ocss/.%2e/secret.txt'],
    ['single dot', 'app://ocss/./index.html'],
    ['double-encoded %252e', 'app://ocss/%252e%252e/secret.txt'],
    ['absolute path //', 'app://ocss//etc/passwd'],
    ['encoded leading slash', 'app://ocss/%2fetc/passwd'],
    ['windows drive', 'app://ocss/C:/Windows/win.ini'],
    ['encoded drive', 'app://ocss/C%3A/Windows/win.ini'],
    ['backslash', 'app://ocss/..\\secret.txt'],
    ['encoded backslash', 'app://ocss/%5c..%5csecret.txt'],
    ['null byte', 'app://ocss/index.html\0.png'],
    ['encoded null byte', 'app://ocss/index.html%00.png'],
    ['malformed encoding', 'app://ocss/%E0%A4%A'],
  ])('refuses %s', (_name, url) => {
    const result = resolveAppPath(url, root)
    expect(result.ok).toBe(false)
  })

  it('refuses other origins, schemes and user-info tricks', () => {
    for (const url of ['app://evil/index.html', 'app://ocss.evil/index.html', 'app://ocss@evil/index.html', 'app://ocss:80/index.html', 'file:///index.html', 'https://ocss/index.html']) {
      expect(resolveAppPath(url, root), url).toMatchObject({ ok: false, status: 403 })
    }
  })

  it('recognises the app origin', () => {
    expect(isAppUrl('app://ocss/index.html')).toBe(true)
    expect(isAppUrl('app://ocss/')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('app://u@ocss/index.html')).toBe(false)
    expect(isAppUrl('https://ocss/')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })
})

describe('app:// responses', () => {
  it('serves a file with its content type and the security headers', async () => {
    const res = await appProtocolResponse('app://ocss/index.html', 'GET', root)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toContain('<title>x</title>')
    const js = await appProtocolResponse('app://ocss/assets/index-Ab12.js', 'GET', root)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('answers 404 for unknown files and directories', async () => {
    expect((await appProtocolResponse('app://ocss/missing.js', 'GET', root)).status).toBe(404)
    expect((await appProtocolResponse('app://ocss/assets', 'GET', root)).status).toBe(404)
    expect((await appProtocolResponse('app://ocss/assets/', 'GET', root)).status).toBe(404)
  })

  it('never returns the file outside the root, however the path is spelled', async () => {
    const name = `${root.split(/[\\/]/).pop()}-secret.txt`
    for (const url of [`app://ocss/../${name}`, `app://ocss/%2e%2e/${name}`, `app://ocss/..%2f${name}`, `app://ocss/..%5c${name}`]) {
      const res = await appProtocolResponse(url, 'GET', root)
      expect(res.status, url).toBeGreaterThanOrEqual(400)
      expect(await res.text()).not.toContain('secret')
    }
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await appProtocolResponse('app://ocss/index.html', 'POST', root)).status).toBe(405)
    const head = await appProtocolResponse('app://ocss/index.html', 'HEAD', root)
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('maps unknown extensions to application/octet-stream', () => {
    expect(contentTypeFor('/x/y.bin')).toBe('application/octet-stream')
    expect(contentTypeFor('/x/Y.SVG')).toBe('image/svg+xml')
  })
})

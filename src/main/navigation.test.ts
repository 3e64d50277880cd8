import { describe, expect, it } from 'vitest'
import { externalUrlToOpen, isAllowedNavigation } from './navigation'

// Pure modules: no Electron involved.
describe('navigation decisions', () => {
  it('allows only a reload of the current document', () => {
    expect(isAllowedNavigation('app://ocss/index.html', 'app://ocss/index.html')).toBe(true)
    expect(isAllowedNavigation('app://ocss/index.html#/step', 'app://ocss/index.html')).toBe(true)
    expect(isAllowedNavigation('app://ocss/other.html', 'app://ocss/index.html')).toBe(false)
    expect(isAllowedNavigation('https://evil.example/', 'app://ocss/index.html')).toBe(false)
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAllowedNavigation('garbage', 'app://ocss/index.html')).toBe(false)
    expect(isAllowedNavigation('app://ocss/index.html', '')).toBe(false)
  })

  it('hands only plain https URLs to the system browser', () => {
    expect(externalUrlToOpen('https://github.com/openclaw')).toBe('https://github.com/openclaw')
    for (const url of ['http://github.com', 'file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 'https://u:p@host/', 'https://host:8443/', 'https://', 'nonsense']) {
      expect(externalUrlToOpen(url), url).toBeNull()
    }
  })
})

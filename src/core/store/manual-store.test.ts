import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualStore } from './manual-store'

const dir = () => mkdtempSync(join(tmpdir(), 'ocss-manual-'))

describe('ManualStore (real conf file)', () => {
  it('keeps confirmations and waivers per target across instances, file mode 600; key rotation gets a quarterly reminder', () => {
    const d = dir()
    const a = new ManualStore(d)
    const c = a.confirm('t1', 'key-rotation', { by: 'Ada', note: 'rotated' }, new Date('2026-09-01T00:00:00Z'))
    expect(c.expiresAt).toBe('2026-12-01T00:00:00.000Z')
    a.confirm('t1', 'spend-cap', { by: 'Ada', note: '20 EUR' })
    a.waive('t2', 'ufw-default-deny', { by: 'Bob', reason: 'Proxmox firewall instead' })
    const b = new ManualStore(d)
    expect(Object.keys(b.forTarget('t1').confirmations).sort()).toEqual(['key-rotation', 'spend-cap'])
    expect(b.forTarget('t1').confirmations['spend-cap']?.expiresAt).toBeUndefined()
    expect(b.forTarget('t2').waivers['ufw-default-deny']?.reason).toBe('Proxmox firewall instead')
    expect(b.forTarget('t3')).toEqual({ confirmations: {}, waivers: {} })
    expect(statSync(b.path).mode & 0o777).toBe(0o600)
    b.clear('t1', 'spend-cap')
    expect(Object.keys(new ManualStore(d).forTarget('t1').confirmations)).toEqual(['key-rotation'])
  })

  it('refuses to confirm a checked item, an unknown item, or an empty note; a waiver needs a reason', () => {
    const s = new ManualStore(dir())
    expect(() => s.confirm('t', 'ufw-default-deny', { by: 'Ada', note: 'x' })).toThrow(/not an item you confirm by hand/)
    expect(() => s.confirm('t', 'nope', { by: 'Ada', note: 'x' })).toThrow(/not an item you confirm by hand/)
    expect(() => s.confirm('t', 'spend-cap', { by: 'Ada', note: '  ' })).toThrow(/incomplete/)
    expect(() => s.waive('t', 'spend-cap', { by: 'Ada', reason: '' })).toThrow(/needs your name and a reason/)
    expect(s.forTarget('t')).toEqual({ confirmations: {}, waivers: {} })
  })
})

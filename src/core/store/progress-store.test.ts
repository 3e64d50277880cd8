import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProgressStore } from './progress-store'

const dir = () => mkdtempSync(join(tmpdir(), 'ocss-progress-'))
const entry = { stepId: 'ufw-firewall', action: 'apply' as const, startedAt: '2026-11-01T10:00:00.000Z', instance: 'abc' }

describe('ProgressStore (real conf file)', () => {
  it('keeps the running step per target across instances (a reopened app), mode 600', () => {
    const d = dir()
    new ProgressStore(d).started('t1', entry)
    const again = new ProgressStore(d)
    expect(again.current('t1')).toEqual(entry)
    expect(again.current('t2')).toBeNull()
    expect(statSync(again.path).mode & 0o777).toBe(0o600)
  })

  it('clear(key, stepId) clears only that step; clear(key) clears any', () => {
    const s = new ProgressStore(dir())
    s.started('t1', entry)
    s.clear('t1', 'other-step')
    expect(s.current('t1')).not.toBeNull()
    s.clear('t1', 'ufw-firewall')
    expect(s.current('t1')).toBeNull()
    s.started('t1', entry)
    s.clear('t1')
    expect(s.current('t1')).toBeNull()
  })

  it('an entry that fails validation is not trusted (no resume), and the next write replaces it', () => {
    const d = dir()
    const s = new ProgressStore(d)
    s.started('t1', entry)
    writeFileSync(s.path, JSON.stringify({ version: 1, targets: { t1: { ...entry, stepId: '../../etc' } } }))
    const t = new ProgressStore(d)
    expect(t.current('t1')).toBeNull()
    t.started('t2', { ...entry, stepId: 'wsl-systemd' })
    expect(t.current('t2')?.stepId).toBe('wsl-systemd')
  })
})

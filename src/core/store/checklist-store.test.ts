import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChecklistStore } from './checklist-store'

describe('ChecklistStore (real conf on disk)', () => {
  it('persists targets and results across instances', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-store-'))
    const a = new ChecklistStore(dir)
    a.saveTarget('ssh://u@h:22', { spec: { kind: 'ssh', user: 'u', host: 'h', port: 22 }, label: 'u@h' })
    a.saveResults('ssh://u@h:22', [{ stepId: 'ufw-firewall', status: 'pass', summary: 'ok', evidence: ['Status: active'], checkedAt: '2026-01-01T00:00:00.000Z', checkVersion: 'v1' }])
    const b = new ChecklistStore(dir)
    expect(b.lastTargetKey()).toBe('ssh://u@h:22')
    expect(b.target('ssh://u@h:22')?.items['ufw-firewall']?.status).toBe('pass')
    expect(JSON.parse(readFileSync(b.path, 'utf8')).version).toBe(1)
  })

  it('keeps earlier results when the target is saved again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-store-'))
    const s = new ChecklistStore(dir)
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('k', [{ stepId: 'ufw-firewall', status: 'fail', summary: 'x', evidence: [], checkedAt: null, checkVersion: 'v' }])
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    expect(s.target('k')?.items['ufw-firewall']?.status).toBe('fail')
    expect(() => s.saveResults('missing', [])).toThrow(/Unknown target/)
  })

  it('keeps the WSL setup progress across instances, next to the targets, until cleared', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-store-'))
    const a = new ChecklistStore(dir)
    expect(a.setupProgress()).toBeNull()
    a.saveSetupProgress({ phase: 'reboot-pending', distro: 'Ubuntu-24.04', updatedAt: '2026-01-01T00:00:00.000Z' })
    a.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    const b = new ChecklistStore(dir)
    expect(b.setupProgress()).toEqual({ phase: 'reboot-pending', distro: 'Ubuntu-24.04', updatedAt: '2026-01-01T00:00:00.000Z' })
    expect(b.lastTargetKey()).toBe('k')
    b.clearSetupProgress()
    expect(new ChecklistStore(dir).setupProgress()).toBeNull()
  })
})

describe('ChecklistStore key-login proofs', () => {
  it('records a proof per target, keeps it across instances and when the target is saved again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-store-'))
    const s = new ChecklistStore(dir)
    expect(s.keyLogin('ssh://u@h:22')).toBeUndefined()
    s.saveTarget('ssh://u@h:22', { spec: { kind: 'ssh', user: 'u', host: 'h', port: 22 }, label: 'u@h' })
    s.saveKeyLogin('ssh://u@h:22', { at: '2026-01-01T00:00:00.000Z', fingerprint: `SHA256:${'A'.repeat(43)}` })
    s.saveTarget('ssh://u@h:22', { spec: { kind: 'ssh', user: 'u', host: 'h', port: 22 }, label: 'u@h' })
    const again = new ChecklistStore(dir)
    expect(again.keyLogin('ssh://u@h:22')).toEqual({ at: '2026-01-01T00:00:00.000Z', fingerprint: `SHA256:${'A'.repeat(43)}` })
    expect(again.keyLogin('ssh://u@other:22')).toBeUndefined()
  })
})

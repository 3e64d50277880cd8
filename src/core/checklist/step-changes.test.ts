import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CheckRecord } from '../../shared/step'
import { ChecklistStore } from '../store/checklist-store'
import { stepChanges } from './step-changes'

const key = 'ssh://ocss@10.0.0.2:22'
const rec = (status: CheckRecord['status'], checkedAt: string): CheckRecord => ({ stepId: 'ufw-firewall', status, summary: status, evidence: [], checkedAt, checkVersion: 'v1' })

describe('stepChanges: what changed since last time, from the saved history', () => {
  it('reports a step whose latest status differs from the one before, and nothing when it is the same', () => {
    const store = new ChecklistStore(mkdtempSync(join(tmpdir(), 'ocss-changes-')))
    store.saveTarget(key, { spec: { kind: 'ssh', user: 'ocss', host: '10.0.0.2', port: 22 }, label: 'ocss@10.0.0.2' })
    expect(stepChanges(store, key, ['ufw-firewall'])).toEqual([])
    store.saveResults(key, [rec('fail', '2026-11-20T10:00:00.000Z')])
    expect(stepChanges(store, key, ['ufw-firewall'])).toEqual([]) // a first result is not a change
    store.saveResults(key, [rec('pass', '2026-11-21T10:00:00.000Z')])
    expect(stepChanges(store, key, ['ufw-firewall', 'ssh-password-login'])).toEqual([{ stepId: 'ufw-firewall', from: 'fail', to: 'pass', since: '2026-11-20T10:00:00.000Z' }])
    store.saveResults(key, [rec('pass', '2026-11-21T11:00:00.000Z')])
    expect(stepChanges(store, key, ['ufw-firewall'])).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import type { ChecklistEntry, ItemStatus } from '../shared/checklist-types'
import { deriveChecklist } from './item-state'
import { CHECKLIST_ITEMS, itemById } from './items'
import { blockingItems, isHardened } from './verdict'

function entry(id: string, status: ItemStatus): ChecklistEntry {
  const item = itemById(id)
  if (!item) throw new Error(id)
  return { item, state: { itemId: id, status, summary: '', evidence: [], checkedAt: null } }
}

describe('the exit-code rule (isHardened)', () => {
  it('passes when every checkable automated item passes or is waived; not-set-up and n/a are listed but do not block', () => {
    expect(isHardened([entry('ufw-default-deny', 'pass'), entry('gateway-token', 'not-set-up'), entry('dns-static', 'not-applicable'), entry('vm-openclaw-audit', 'waived'), entry('spend-cap', 'unknown'), entry('key-rotation', 'confirmed')])).toBe(true)
  })

  it.each(['fail', 'error', 'interrupted', 'stale', 'unknown'] as const)('an automated item reading %s blocks', (status) => {
    const entries = [entry('ufw-default-deny', 'pass'), entry('vm-openclaw-audit', status)]
    expect(isHardened(entries)).toBe(false)
    expect(blockingItems(entries).map((s) => s.itemId)).toEqual(['vm-openclaw-audit'])
  })

  it('a manual item that is due blocks; one never confirmed does not', () => {
    expect(isHardened([entry('ufw-default-deny', 'pass'), entry('key-rotation', 'due')])).toBe(false)
    expect(isHardened([entry('ufw-default-deny', 'pass'), entry('key-rotation', 'unknown')])).toBe(true)
  })

  it.each(['fail', 'error', 'interrupted', 'stale'] as const)('router isolation reading %s (from its probe) blocks; confirmed, pass or never confirmed do not', (status) => {
    expect(blockingItems([entry('ufw-default-deny', 'pass'), entry('router-isolation', status)]).map((s) => s.itemId)).toEqual(['router-isolation'])
    for (const ok of ['confirmed', 'pass', 'unknown'] as const) expect(isHardened([entry('ufw-default-deny', 'pass'), entry('router-isolation', ok)])).toBe(true)
  })

  it('an empty checklist is never "hardened"; a fresh derived checklist (nothing checked) is not either', () => {
    expect(isHardened([])).toBe(false)
    const states = deriveChecklist(CHECKLIST_ITEMS, { kind: 'ssh', records: {}, currentVersions: { 'ufw-firewall': 'v1' }, now: new Date() })
    expect(isHardened(CHECKLIST_ITEMS.map((item, i) => ({ item, state: states[i]! })))).toBe(false)
  })
})

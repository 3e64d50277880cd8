import { describe, expect, it } from 'vitest'
import type { ChecklistEntry, ChecklistItem } from '../../../../shared/checklist-types'
import { sections } from './sections'

const entry = (id: string, layer: number): ChecklistEntry => ({
  item: { id, title: id, layer, source: 'app', targets: ['ssh'], check: { kind: 'manual', prompt: 'p' }, description: 'd' } satisfies ChecklistItem,
  state: { itemId: id, status: 'unknown', summary: '', evidence: [], checkedAt: null },
})

describe('checklist sections', () => {
  it('groups by the guide\'s layers, layer order within a section, checklist order within a layer; drops empty sections', () => {
    const out = sections([entry('a3', 3), entry('m0', 0), entry('b1', 1), entry('c2', 2), entry('d1', 1), entry('e9', 9)])
    expect(out.map((s) => s.id)).toEqual(['network', 'application', 'ongoing'])
    expect(out[0]?.entries.map((e) => e.item.id)).toEqual(['b1', 'd1', 'c2', 'a3'])
    expect(out.flatMap((s) => s.entries)).toHaveLength(6)
  })

  it('every item of a layer 0-10 checklist lands in exactly one section', () => {
    const all = Array.from({ length: 11 }, (_, l) => entry(`i${l}`, l))
    expect(sections(all).flatMap((s) => s.entries.map((e) => e.item.id)).sort()).toEqual(all.map((e) => e.item.id).sort())
  })
})

import type { ChecklistEntry } from '../../../../shared/checklist-types'

/** The guide's grouping: network, authentication, system, application, then monitoring and ongoing practice. */
const SECTIONS: readonly { readonly id: string; readonly title: string; readonly layers: readonly number[] }[] = [
  { id: 'network', title: 'Network (layers 1–3)', layers: [1, 2, 3] },
  { id: 'auth', title: 'Authentication and tools (layers 4–6)', layers: [4, 5, 6] },
  { id: 'system', title: 'System (layer 7)', layers: [7] },
  { id: 'application', title: 'Application (layers 8–10)', layers: [8, 9, 10] },
  { id: 'ongoing', title: 'Monitoring and ongoing practice', layers: [0] },
]

export interface Section {
  readonly id: string
  readonly title: string
  readonly entries: readonly ChecklistEntry[]
}

/** Entries grouped by section, each section in layer order (checklist order within a layer); empty sections dropped. */
export function sections(entries: readonly ChecklistEntry[]): Section[] {
  return SECTIONS.map((s) => ({
    id: s.id,
    title: s.title,
    entries: entries.filter((e) => s.layers.includes(e.item.layer)).sort((a, b) => s.layers.indexOf(a.item.layer) - s.layers.indexOf(b.item.layer)),
  })).filter((s) => s.entries.length > 0)
}

import { describe, expect, it } from 'vitest'
import { STEPS } from '../catalog'
import { STEP_ID_PATTERN } from '../shared/step'
import { ITEM_ID_PATTERN } from './checklist-item'
import { CHECKLIST_ITEMS, itemById } from './items'

describe('checklist items (data)', () => {
  it('has the 17 items of the WSL2 guide, in its groups: 3 network, 3 authentication, 1 system, 4 application, 3 monitoring, 3 ongoing', () => {
    const guide = CHECKLIST_ITEMS.filter((i) => i.source === 'wsl-guide')
    expect(guide).toHaveLength(17)
    expect(guide.map((i) => i.layer)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 10, 0, 0, 0, 0, 0, 0])
  })

  it('has the nine VM items of the Proxmox guides', () => {
    expect(CHECKLIST_ITEMS.filter((i) => i.source === 'vm-guide').map((i) => i.id)).toEqual([
      'vm-static-ip', 'vm-nftables-loaded', 'vm-sandbox-no-lan', 'vm-gateway-no-lan', 'vm-gateway-service', 'vm-mdns-off', 'vm-elevated-off', 'vm-gateway-terminal-off', 'vm-openclaw-audit',
    ])
  })

  it('ids are unique and well formed; step ids are valid catalogue ids; every item has a target', () => {
    const ids = CHECKLIST_ITEMS.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const item of CHECKLIST_ITEMS) {
      expect(item.id).toMatch(ITEM_ID_PATTERN)
      expect(item.targets.length).toBeGreaterThan(0)
      if (item.check.kind === 'steps') {
        expect(item.check.stepIds.length).toBeGreaterThan(0)
        for (const id of item.check.stepIds) expect(id).toMatch(STEP_ID_PATTERN)
        for (const id of Object.keys(item.check.onlyOn ?? {})) expect(item.check.stepIds).toContain(id)
      }
    }
  })

  it('the three things no command can check are manual; key rotation expires quarterly', () => {
    for (const id of ['router-isolation', 'spend-cap', 'key-rotation']) expect(itemById(id)?.check.kind).toBe('manual')
    const rotation = itemById('key-rotation')?.check
    expect(rotation?.kind === 'manual' ? rotation.renewEveryDays : undefined).toBeGreaterThanOrEqual(90)
  })

  it('router isolation stays a manual confirmation, with the check-only probe step beside it', () => {
    const check = itemById('router-isolation')?.check
    expect(check).toMatchObject({ kind: 'manual', probe: 'router-isolation' })
    const probe = STEPS.find((s) => s.meta.id === 'router-isolation')
    expect(probe?.meta.checkOnly).toBe(true)
    expect(STEPS[0]?.meta.id).toBe('router-isolation')
  })

  it('every catalogue step is claimed by some item, so a new step never goes unreported', () => {
    const claimed = new Set(CHECKLIST_ITEMS.flatMap((i) => (i.check.kind === 'steps' ? i.check.stepIds : i.check.probe ? [i.check.probe] : [])))
    for (const step of STEPS) expect(claimed, step.meta.id).toContain(step.meta.id)
  })

  it('descriptions never carry the guide\u2019s rejected keys as instructions', () => {
    const text = CHECKLIST_ITEMS.map((i) => `${i.title} ${i.description} ${i.check.kind === 'manual' ? i.check.prompt : ''}`).join('\n')
    for (const bad of ['security.allowedChannels', 'tools.policy.mode', 'sandbox.enabled', 'security.requireDMPairing', 'health --quiet']) expect(text).not.toContain(bad)
  })
})

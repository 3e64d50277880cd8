import { describe, expect, it } from 'vitest'
import type { CheckRecord } from '../shared/step'
import type { ChecklistItem } from './checklist-item'
import { countStatuses, deriveChecklist, deriveItemState, ITEM_STATUS_LABEL, reminderDate, type ItemStatus, type StateInputs } from './item-state'
import { CHECKLIST_ITEMS, itemById } from './items'

const NOW = new Date('2026-09-20T12:00:00Z')
const V1 = 'aaaaaaaaaaaa'
const V2 = 'bbbbbbbbbbbb'
const CANARY = 'OPENCLAW_GATEWAY_TOKEN=c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'

function rec(stepId: string, status: CheckRecord['status'], version = V1, evidence: string[] = ['Status: active']): CheckRecord {
  return { stepId, status, summary: `${stepId} ${status}`, evidence, checkedAt: '2026-09-19T10:00:00.000Z', checkVersion: version }
}

const ufwItem = itemById('ufw-default-deny') as ChecklistItem
const twoSteps: ChecklistItem = { id: 'two-steps', title: 'Two', layer: 2, source: 'app', targets: ['ssh', 'wsl'], check: { kind: 'steps', stepIds: ['step-a', 'step-b'] }, description: '' }
const rotation = itemById('key-rotation') as ChecklistItem

function inputs(over: Partial<StateInputs> = {}): StateInputs {
  return { kind: 'ssh', records: {}, currentVersions: { 'ufw-firewall': V1, 'step-a': V1, 'step-b': V1 }, now: NOW, ...over }
}

describe('deriveItemState', () => {
  it.each<[string, CheckRecord['status'], ItemStatus]>([
    ['pass', 'pass', 'pass'],
    ['fail', 'fail', 'fail'],
    ['error', 'error', 'error'],
    ['interrupted', 'interrupted', 'interrupted'],
    ['a saved "unknown"', 'unknown', 'unknown'],
    ['not-applicable (the step read the person\'s own "does not concern me" answer on the machine)', 'not-applicable', 'not-applicable'],
  ])('a %s record of the current check version reads %s', (_n, status, expected) => {
    const s = deriveItemState(ufwItem, inputs({ records: { 'ufw-firewall': rec('ufw-firewall', status) } }))
    expect(s.status).toBe(expected)
  })

  it('a not-applicable step keeps its summary and evidence; beside a failing step the item fails, beside a passing one it passes', () => {
    const na = rec('step-a', 'not-applicable', V1, ['your answer in this step: "I use no chat channel"'])
    const only = deriveItemState({ ...twoSteps, check: { kind: 'steps', stepIds: ['step-a'] } }, inputs({ records: { 'step-a': na } }))
    expect(only).toMatchObject({ status: 'not-applicable', summary: 'step-a not-applicable' })
    expect(only.evidence[0]?.lines).toEqual(['your answer in this step: "I use no chat channel"'])
    expect(deriveItemState(twoSteps, inputs({ records: { 'step-a': na, 'step-b': rec('step-b', 'fail') } })).status).toBe('fail')
    expect(deriveItemState(twoSteps, inputs({ records: { 'step-a': na, 'step-b': rec('step-b', 'pass') } })).status).toBe('pass')
  })

  it('never checked reads unknown, with no time', () => {
    const s = deriveItemState(ufwItem, inputs())
    expect(s).toMatchObject({ status: 'unknown', checkedAt: null })
  })

  it('a pass from an older check definition reads stale ("re-check needed"), keeping the old evidence and both versions', () => {
    const s = deriveItemState(ufwItem, inputs({ records: { 'ufw-firewall': rec('ufw-firewall', 'pass', V1) }, currentVersions: { 'ufw-firewall': V2 } }))
    expect(s.status).toBe('stale')
    expect(ITEM_STATUS_LABEL[s.status]).toBe('Re-check needed')
    expect(s.evidence[0]).toMatchObject({ status: 'stale', checkVersion: V1, currentVersion: V2, lines: ['Status: active'] })
    expect(s.summary).toMatch(/Re-check needed.*pass/)
  })

  it('an item whose step is not in the catalogue reads "not set up yet", even with a saved pass under that id', () => {
    const item = itemById('gateway-loopback') as ChecklistItem
    const s = deriveItemState(item, inputs({ records: { 'gateway-loopback': rec('gateway-loopback', 'pass') } }))
    expect(s.status).toBe('not-set-up')
    expect(ITEM_STATUS_LABEL[s.status]).toBe('Not set up yet')
    expect(s.summary).toContain('gateway-loopback')
  })

  it('a missing step hides a pass but not a failure of another step', () => {
    const missingB = { currentVersions: { 'step-a': V1 } }
    expect(deriveItemState(twoSteps, inputs({ ...missingB, records: { 'step-a': rec('step-a', 'pass') } })).status).toBe('not-set-up')
    expect(deriveItemState(twoSteps, inputs({ ...missingB, records: { 'step-a': rec('step-a', 'fail') } })).status).toBe('fail')
  })

  it('the item reads as its worst step: fail > error > interrupted > stale > unknown > pass', () => {
    const both = (a: CheckRecord, b: CheckRecord) => deriveItemState(twoSteps, inputs({ records: { 'step-a': a, 'step-b': b } })).status
    expect(both(rec('step-a', 'pass'), rec('step-b', 'pass'))).toBe('pass')
    expect(both(rec('step-a', 'pass'), rec('step-b', 'fail'))).toBe('fail')
    expect(both(rec('step-a', 'error'), rec('step-b', 'fail'))).toBe('fail')
    expect(both(rec('step-a', 'interrupted'), rec('step-b', 'error'))).toBe('error')
    expect(both(rec('step-a', 'pass', V2), rec('step-b', 'interrupted'))).toBe('interrupted')
    expect(both(rec('step-a', 'pass', V2), rec('step-b', 'pass'))).toBe('stale')
    expect(deriveItemState(twoSteps, inputs({ records: { 'step-a': rec('step-a', 'pass') } })).status).toBe('unknown')
  })

  it('an item for the other kind of target reads not applicable; onlyOn steps count only on their target', () => {
    expect(deriveItemState(itemById('wsl-lockdown') as ChecklistItem, inputs({ kind: 'ssh' })).status).toBe('not-applicable')
    expect(deriveItemState(itemById('vm-static-ip') as ChecklistItem, inputs({ kind: 'wsl' })).status).toBe('not-applicable')
    const service = itemById('vm-gateway-service') as ChecklistItem
    const versions = { 'gateway-service': V1 }
    const records = { 'gateway-service': rec('gateway-service', 'pass') }
    // On SSH wsl-systemd does not count, so the item can pass; on WSL the missing wsl-systemd step keeps it "not set up".
    expect(deriveItemState(service, inputs({ kind: 'ssh', currentVersions: versions, records })).status).toBe('pass')
    expect(deriveItemState(service, inputs({ kind: 'wsl', currentVersions: versions, records })).status).toBe('not-set-up')
  })

  it('a manual item: unknown until confirmed; confirmed with who, when and note; due once the reminder date passes', () => {
    expect(deriveItemState(rotation, inputs()).status).toBe('unknown')
    const at = '2026-08-01T09:00:00.000Z'
    const confirmation = { itemId: 'key-rotation', by: 'Ada', at, note: 'rotated gateway token', expiresAt: reminderDate(new Date(at), 91) }
    const ok = deriveItemState(rotation, inputs({ confirmations: { 'key-rotation': confirmation } }))
    expect(ok).toMatchObject({ status: 'confirmed', checkedAt: at, dueAt: '2026-10-31T09:00:00.000Z', confirmation: { by: 'Ada', note: 'rotated gateway token' } })
    const late = deriveItemState(rotation, inputs({ confirmations: { 'key-rotation': confirmation }, now: new Date('2026-11-01T00:00:00Z') }))
    expect(late.status).toBe('due')
    expect(late.summary).toContain('2026-10-31')
    // Exactly at the reminder date it is due.
    expect(deriveItemState(rotation, inputs({ confirmations: { 'key-rotation': confirmation }, now: new Date(confirmation.expiresAt) })).status).toBe('due')
  })

  it('a confirmation without expiry stays confirmed; a confirmation never turns a checked item into a pass', () => {
    const spend = itemById('spend-cap') as ChecklistItem
    const c = { itemId: 'spend-cap', by: 'Ada', at: '2020-01-01T00:00:00.000Z', note: '20 EUR/month' }
    expect(deriveItemState(spend, inputs({ confirmations: { 'spend-cap': c } })).status).toBe('confirmed')
    expect(deriveItemState(ufwItem, inputs({ confirmations: { 'ufw-default-deny': { ...c, itemId: 'ufw-default-deny' } } })).status).toBe('unknown')
  })

  it('a waiver turns a failing item into waived, with its reason and what it would read; an expired waiver does not', () => {
    const waiver = { itemId: 'ufw-default-deny', reason: 'host firewall managed by Proxmox', by: 'Ada', at: '2026-09-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' }
    const records = { 'ufw-firewall': rec('ufw-firewall', 'fail') }
    const s = deriveItemState(ufwItem, inputs({ records, waivers: { 'ufw-default-deny': waiver } }))
    expect(s).toMatchObject({ status: 'waived', underlying: 'fail', waiver: { reason: 'host firewall managed by Proxmox' } })
    const expired = deriveItemState(ufwItem, inputs({ records, waivers: { 'ufw-default-deny': waiver }, now: new Date('2027-01-01T00:00:00Z') }))
    expect(expired.status).toBe('fail')
    expect(expired.summary).toContain('waiver expired')
    // A passing item stays pass (the waiver is not needed).
    expect(deriveItemState(ufwItem, inputs({ records: { 'ufw-firewall': rec('ufw-firewall', 'pass') }, waivers: { 'ufw-default-deny': waiver } })).status).toBe('pass')
  })

  describe('router isolation: the manual confirmation with the probe beside it', () => {
    const router = itemById('router-isolation') as ChecklistItem
    const c = { itemId: 'router-isolation', by: 'Ada', at: '2026-09-18T08:00:00.000Z', note: 'guest Wi-Fi of the Fritz!Box' }
    const probe = (status: CheckRecord['status'], version = V1) => ({ 'router-isolation': { ...rec('router-isolation', status, version, ['192.168.1.20: REACHABLE: tcp 445 open']) } })
    const at = (over: Partial<StateInputs>) => deriveItemState(router, inputs({ currentVersions: { 'router-isolation': V1 }, ...over }))

    it('a reachable home device fails the item even when confirmed by hand, and the probe\'s evidence is shown', () => {
      const s = at({ records: probe('fail'), confirmations: { 'router-isolation': c } })
      expect(s).toMatchObject({ status: 'fail', checkedAt: '2026-09-19T10:00:00.000Z', confirmation: { by: 'Ada' } })
      expect(s.summary).toBe('router-isolation fail You confirmed it by hand (Ada, 2026-09-18), but the probe decides.')
      expect(s.evidence.map((e) => [e.stepId, e.status, e.lines])).toEqual([['router-isolation', 'fail', ['192.168.1.20: REACHABLE: tcp 445 open']]])
      expect(at({ records: probe('fail') }).status).toBe('fail')
    })

    it('unreachable devices and a confirmation pass; without a confirmation the item still waits for it', () => {
      const s = at({ records: probe('pass'), confirmations: { 'router-isolation': c } })
      expect(s).toMatchObject({ status: 'pass', summary: 'Confirmed by Ada on 2026-09-18; the probe: router-isolation pass' })
      expect(s.evidence[0]?.status).toBe('pass')
      const alone = at({ records: probe('pass') })
      expect(alone.status).toBe('unknown')
      expect(alone.summary).toMatch(/^Not confirmed yet: .* The probe: router-isolation pass$/)
    })

    it('without the probe\'s inputs (not applicable) or never run, it is the manual confirmation it was, with a note', () => {
      for (const records of [probe('not-applicable'), {}]) {
        expect(at({ records, confirmations: { 'router-isolation': c } })).toMatchObject({ status: 'confirmed', summary: expect.stringMatching(/^Confirmed by Ada on 2026-09-18\. The probe \(step router-isolation\) can check it too/) })
        expect(at({ records }).status).toBe('unknown')
      }
      // A catalogue without the probe step: exactly the old manual item.
      expect(deriveItemState(router, inputs({ confirmations: { 'router-isolation': c } }))).toMatchObject({ status: 'confirmed', evidence: [], summary: 'Confirmed by Ada on 2026-09-18.' })
    })

    it('a probe that errs, was interrupted or needs a re-check decides too; a passing probe does not renew an expired confirmation', () => {
      for (const status of ['error', 'interrupted'] as const) expect(at({ records: probe(status), confirmations: { 'router-isolation': c } }).status).toBe(status)
      expect(at({ records: probe('pass', V2), confirmations: { 'router-isolation': c } }).status).toBe('stale')
      const expired = { ...c, expiresAt: '2026-09-19T00:00:00.000Z' }
      expect(at({ records: probe('pass'), confirmations: { 'router-isolation': expired } }).status).toBe('due')
    })
  })

  it('evidence, summaries, notes and reasons are redacted', () => {
    const records = { 'ufw-firewall': { ...rec('ufw-firewall', 'error', V1, ['line one', CANARY]), summary: `broke: ${CANARY}` } }
    const s = deriveItemState(ufwItem, inputs({ records }))
    const c = { itemId: 'spend-cap', by: 'Ada', at: '2026-09-01T00:00:00.000Z', note: `key was ${CANARY}` }
    const m = deriveItemState(itemById('spend-cap') as ChecklistItem, inputs({ confirmations: { 'spend-cap': c } }))
    expect(JSON.stringify([s, m])).not.toContain('c4n4ryS3cr3t')
    expect(s.evidence[0]?.lines).toEqual(['line one', 'OPENCLAW_GATEWAY_TOKEN=[REDACTED]'])
  })

  it('every state is reachable over the real checklist, and counts add up', () => {
    const states = deriveChecklist(CHECKLIST_ITEMS, inputs({ records: { 'ufw-firewall': rec('ufw-firewall', 'pass') } }))
    expect(states).toHaveLength(CHECKLIST_ITEMS.length)
    const counts = countStatuses(states)
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(CHECKLIST_ITEMS.length)
    expect(counts.pass).toBe(1)
    expect(counts['not-applicable']).toBe(CHECKLIST_ITEMS.filter((i) => !i.targets.includes('ssh')).length)
    expect(counts['not-set-up']).toBeGreaterThan(10)
  })
})

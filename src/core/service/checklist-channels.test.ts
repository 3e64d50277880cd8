import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnRecorder } from '../../../test/helpers/spawn-recorder'
import { stepById } from '../../catalog'
import { CHECKLIST_ITEMS } from '../../checklist/items'
import { AppService, type AppServiceOptions } from './app-service'

const originalPath = process.env.PATH
const CANARY = 'OPENCLAW_GATEWAY_TOKEN=c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
const spec = { kind: 'ssh' as const, user: 'ocss', host: 'vm1.lan', port: 22 }

function service(extra: Partial<AppServiceOptions> = {}) {
  const rec = spawnRecorder()
  process.env.PATH = rec.path
  const events: { e: string; p: unknown }[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'ocss-svc-'))
  const svc = new AppService({ dataDir, emit: (e, p) => events.push({ e, p }), ...extra })
  return { svc, rec, events, dataDir }
}

/** A target saved by an earlier session (as connect saves it), with a UFW record whose evidence carries a canary. */
function withSavedTarget(svc: AppService): string {
  const key = 'ssh:ocss@vm1.lan:22'
  svc.store.saveTarget(key, { spec, label: 'ocss@vm1.lan:22' })
  const ufw = svc.checklist().items.find((i) => i.stepId === 'ufw-firewall')
  svc.store.saveResults(key, [{ stepId: 'ufw-firewall', status: 'pass', summary: 'Active', evidence: ['Status: active', CANARY], checkedAt: '2026-11-01T10:00:00.000Z', checkVersion: ufw?.checkVersion ?? '' }])
  return key
}

/** An SSH item whose steps are not in the catalogue yet (the Proxmox issue's, while it is open). */
const UNBUILT = CHECKLIST_ITEMS.find((i) => i.check.kind === 'steps' && (i.targets?.includes('ssh') ?? true) && i.check.stepIds.every((id) => stepById(id) === undefined))?.id ?? 'none left: pick another not-set-up case'

describe('AppService: the derived checklist, confirmations, waivers and report export (no connection)', () => {
  afterEach(() => {
    process.env.PATH = originalPath
  })

  it('app:state carries every item with its derived state from the saved files, before any connection', async () => {
    const { svc, rec } = service()
    withSavedTarget(svc)
    const r = await svc.handle('app:state', {})
    if (!r.ok) throw new Error(r.error.message)
    const view = r.value.checklist
    expect(view.entries?.map((e) => e.item.id)).toEqual(CHECKLIST_ITEMS.map((i) => i.id))
    const state = (id: string) => view.entries?.find((e) => e.item.id === id)?.state
    expect(state('ufw-default-deny')?.status).toBe('pass')
    expect(state('ufw-default-deny')?.checkedAt).toBe('2026-11-01T10:00:00.000Z')
    expect(state('wsl-lockdown')?.status).toBe('not-applicable') // WSL only
    expect(state(UNBUILT)?.status).toBe('not-set-up') // no step yet
    expect(state('vm-openclaw-audit')?.status).toBe('unknown') // a real check exists, never run yet
    expect(state('spend-cap')?.status).toBe('unknown')
    expect(view.lastCheckedAt).toBe('2026-11-01T10:00:00.000Z')
    expect(JSON.stringify(view)).not.toContain('c4n4ryS3cr3t')
    expect(rec.spawned()).toEqual([])
  })

  it('checklist:confirm records who/when/note; key rotation gets its reminder date; the window is told', async () => {
    const { svc, events } = service()
    withSavedTarget(svc)
    const r = await svc.handle('checklist:confirm', { itemId: 'key-rotation', who: 'Ada', note: 'rotated gateway token' })
    if (!r.ok) throw new Error(r.error.message)
    const s = r.value.entries?.find((e) => e.item.id === 'key-rotation')?.state
    expect(s?.status).toBe('confirmed')
    expect(s?.confirmation?.by).toBe('Ada')
    expect(Date.parse(s?.dueAt ?? '') - Date.now()).toBeGreaterThan(90 * 86_400_000)
    expect(events.some((e) => e.e === 'checklist:changed')).toBe(true)
  })

  it('checklist:waive and checklist:clear; the waiver shows its reason and what the item would read', async () => {
    const { svc } = service()
    withSavedTarget(svc)
    const w = await svc.handle('checklist:waive', { itemId: UNBUILT, who: 'Bob', reason: 'no skills installed on this VM', until: '2099-01-01' })
    if (!w.ok) throw new Error(w.error.message)
    const s = w.value.entries?.find((e) => e.item.id === UNBUILT)?.state
    expect(s).toMatchObject({ status: 'waived', underlying: 'not-set-up', waiver: { reason: 'no skills installed on this VM', until: '2099-01-01T00:00:00.000Z' } })
    const c = await svc.handle('checklist:clear', { itemId: UNBUILT })
    if (!c.ok) throw new Error(c.error.message)
    expect(c.value.entries?.find((e) => e.item.id === UNBUILT)?.state.status).toBe('not-set-up')
  })

  it.each([
    ['checklist:confirm', { itemId: 'spend-cap', who: '', note: 'x' }, /name/],
    ['checklist:confirm', { itemId: 'spend-cap', who: 'Ada', note: 'a\u0007b' }, /control characters/],
    ['checklist:confirm', { itemId: '../etc', who: 'Ada', note: 'x' }, /Unknown checklist item/],
    ['checklist:confirm', { itemId: 'spend-cap', who: 'Ada', note: 'x', command: 'id' }, /.+/],
    ['checklist:confirm', { itemId: 'ufw-default-deny', who: 'Ada', note: 'x' }, /not an item you confirm by hand/],
    ['checklist:confirm', { itemId: 'no-such-item', who: 'Ada', note: 'x' }, /not an item you confirm by hand/],
    ['checklist:waive', { itemId: 'gateway-token', who: 'Bob', reason: '' }, /reason/],
    ['checklist:waive', { itemId: 'gateway-token', who: 'Bob', reason: 'r', until: 'tomorrow' }, /YYYY-MM-DD/],
    ['checklist:waive', { itemId: 'gateway-token', who: 'Bob', reason: 'r', until: '2001-01-01' }, /already passed/],
    ['checklist:waive', { itemId: 'gateway-token', who: 'Bob', reason: 'x'.repeat(501) }, /longer than 500/],
    ['report:export', { format: 'pdf' }, /.+/],
    ['report:export', { format: 'html', path: '/etc/passwd' }, /.+/],
  ] as const)('%s refuses %j with a clear message and changes nothing', async (channel, payload, message) => {
    const { svc, rec } = service({ saveFile: async () => '/tmp/x' })
    const key = withSavedTarget(svc)
    const r = await svc.handle(channel, payload)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.message).toMatch(message)
      expect(r.error.hint).not.toBe('')
    }
    expect(svc.manual.forTarget(key)).toEqual({ confirmations: {}, waivers: {} })
    expect(rec.spawned()).toEqual([])
  })

  it('confirm without any saved machine says to connect first', async () => {
    const { svc } = service()
    const r = await svc.handle('checklist:confirm', { itemId: 'spend-cap', who: 'Ada', note: 'x' })
    expect(r.ok ? null : r.error.code).toBe('NOT_CONNECTED')
  })

  it.each(['html', 'md', 'json'] as const)('report:export %s renders every item, redacted, and hands it to saveFile', async (format) => {
    const saved: { defaultName: string; content: string }[] = []
    const { svc } = service({ saveFile: async (f) => (saved.push(f), `/chosen/report.${format}`) })
    withSavedTarget(svc)
    await svc.handle('checklist:confirm', { itemId: 'spend-cap', who: 'Ada', note: '20 EUR per month' })
    const r = await svc.handle('report:export', { format })
    expect(r).toEqual({ ok: true, value: { saved: true, path: `/chosen/report.${format}`, format } })
    const file = saved[0]
    expect(file?.defaultName).toMatch(new RegExp(`^openclaw-checklist-\\d{4}-\\d{2}-\\d{2}\\.${format}$`))
    for (const item of CHECKLIST_ITEMS) expect(file?.content).toContain(item.title.replace(/'/g, format === 'html' ? '&#39;' : "'").replace(/"/g, format === 'json' ? '\\"' : '"').slice(0, 12))
    expect(file?.content).toContain('20 EUR per month')
    expect(file?.content).not.toContain('c4n4ryS3cr3t')
    expect(file?.content).toContain('[REDACTED]')
  })

  it('report:export: a cancelled dialog writes nothing and says so; without saveFile it is refused', async () => {
    const a = service({ saveFile: async () => null })
    withSavedTarget(a.svc)
    expect(await a.svc.handle('report:export', { format: 'md' })).toEqual({ ok: true, value: { saved: false, path: null, format: 'md' } })
    const b = service()
    withSavedTarget(b.svc)
    const r = await b.svc.handle('report:export', { format: 'md' })
    expect(r.ok).toBe(false)
  })

  it('an app closed in the middle of a step reopens there, and that step reads interrupted (not its cached pass) until checked live', async () => {
    const { svc, dataDir } = service()
    const key = withSavedTarget(svc)
    svc.progress.started(key, { stepId: 'ufw-firewall', action: 'undo', startedAt: '2026-11-02T10:00:00.000Z', instance: 'an-older-app' })
    const reopened = new AppService({ dataDir, emit: () => undefined })
    const st = reopened.state()
    expect(st.resume).toEqual({ stepId: 'ufw-firewall', action: 'undo', startedAt: '2026-11-02T10:00:00.000Z' })
    const rec = st.checklist.items.find((i) => i.stepId === 'ufw-firewall')
    expect(rec?.status).toBe('interrupted')
    expect(rec?.summary).toMatch(/closed while/)
    // The file itself is untouched by reading it.
    expect(readFileSync(reopened.progress.path, 'utf8')).toContain('an-older-app')
  })
})


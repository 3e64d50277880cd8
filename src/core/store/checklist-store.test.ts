import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CheckRecord } from '../../shared/step'
import { ChecklistStore } from './checklist-store'
import { HISTORY_LIMIT, OLDER_EVIDENCE_LINES } from './item-history'

const tmp = () => mkdtempSync(join(tmpdir(), 'ocss-store-'))
const rec = (stepId: string, status: CheckRecord['status'], checkedAt: string, extra: Partial<CheckRecord> = {}): CheckRecord => ({ stepId, status, summary: status, evidence: [`${stepId} ${status}`], checkedAt, checkVersion: 'v1', ...extra })
/** A clock the test moves by hand. */
function clock(start = '2026-01-01T00:00:00.000Z') {
  let t = Date.parse(start)
  return { now: () => new Date(t), tick: (ms = 60_000) => (t += ms), iso: () => new Date(t).toISOString() }
}
const SSH = { kind: 'ssh' as const, user: 'u', host: 'h', port: 22 }

describe('ChecklistStore (real conf files on disk)', () => {
  it('persists targets and results across instances, in index.json and one file per target (schema 3)', () => {
    const dir = tmp()
    const a = new ChecklistStore(dir)
    a.saveTarget('ssh://u@h:22', { spec: SSH, label: 'u@h' })
    a.saveResults('ssh://u@h:22', [{ stepId: 'ufw-firewall', status: 'pass', summary: 'ok', evidence: ['Status: active'], checkedAt: '2026-01-01T00:00:00.000Z', checkVersion: 'v1' }])
    const b = new ChecklistStore(dir)
    expect(b.lastTargetKey()).toBe('ssh://u@h:22')
    expect(b.target('ssh://u@h:22')?.items['ufw-firewall']?.status).toBe('pass')
    expect(b.path).toBe(join(dir, 'index.json'))
    expect(JSON.parse(readFileSync(b.path, 'utf8')).schemaVersion).toBe(3)
    const file = JSON.parse(readFileSync(b.targetPath('ssh://u@h:22'), 'utf8'))
    expect(file).toMatchObject({ schemaVersion: 3, key: 'ssh://u@h:22', target: { label: 'u@h' }, stepInputs: {} })
    expect(b.targetPath('ssh://u@h:22')).toMatch(/targets\/[0-9a-f]{16}\.json$/)
    expect(b.problems()).toEqual([])
  })

  it('keeps several targets side by side, each in its own file; the last saved is the last target', () => {
    const dir = tmp()
    const c = clock()
    const s = new ChecklistStore(dir, { now: c.now })
    s.saveTarget('ssh://u@h:22', { spec: SSH, label: 'u@h' })
    c.tick()
    s.saveTarget('wsl://Ubuntu', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('ssh://u@h:22', [rec('ufw-firewall', 'fail', c.iso())])
    s.saveResults('wsl://Ubuntu', [rec('ufw-firewall', 'pass', c.iso())])
    const again = new ChecklistStore(dir)
    expect(again.lastTargetKey()).toBe('wsl://Ubuntu')
    expect(again.targets().map((t) => [t.key, t.kind])).toEqual([['wsl://Ubuntu', 'wsl'], ['ssh://u@h:22', 'ssh']])
    expect(again.target('ssh://u@h:22')?.items['ufw-firewall']?.status).toBe('fail')
    expect(again.target('wsl://Ubuntu')?.items['ufw-firewall']?.status).toBe('pass')
    expect(readdirSync(join(dir, 'targets')).sort()).toEqual([again.targetPath('ssh://u@h:22'), again.targetPath('wsl://Ubuntu')].map((p) => p.split('/').pop()).sort())
  })

  it('files are 600 and folders 700, also after every rewrite', () => {
    const dir = join(tmp(), 'data')
    const s = new ChecklistStore(dir)
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('k', [rec('ufw-firewall', 'pass', '2026-01-01T00:00:00.000Z')])
    s.saveSetupProgress({ phase: 'connect', distro: null, updatedAt: '2026-01-01T00:00:00.000Z' })
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'targets')).mode & 0o777).toBe(0o700)
    expect(statSync(s.path).mode & 0o777).toBe(0o600)
    expect(statSync(s.targetPath('k')).mode & 0o777).toBe(0o600)
  })

  it('keeps earlier results when the target is saved again; an unknown target is refused', () => {
    const s = new ChecklistStore(tmp())
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('k', [{ stepId: 'ufw-firewall', status: 'fail', summary: 'x', evidence: [], checkedAt: null, checkVersion: 'v' }])
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    expect(s.target('k')?.items['ufw-firewall']?.status).toBe('fail')
    expect(() => s.saveResults('missing', [])).toThrow(/Unknown target/)
  })

  it('stores only the known fields of a target (a whole TargetRecord passed back does not store its items twice)', () => {
    const s = new ChecklistStore(tmp())
    s.saveTarget('ssh://u@h:22', { spec: SSH, label: 'u@h' })
    s.saveResults('ssh://u@h:22', [rec('ufw-firewall', 'pass', '2026-01-01T00:00:00.000Z')])
    const record = s.target('ssh://u@h:22')
    if (!record) throw new Error('no record')
    s.saveTarget('ssh://u@h:22', { ...record, spec: { ...SSH, identityFile: '/k/id' } })
    const file = JSON.parse(readFileSync(s.targetPath('ssh://u@h:22'), 'utf8'))
    expect(Object.keys(file.target).sort()).toEqual(['label', 'spec'])
    expect(file.target.spec.identityFile).toBe('/k/id')
    expect(s.history('ssh://u@h:22', 'ufw-firewall')).toHaveLength(1)
  })

  it('keeps the WSL setup progress across instances, next to the targets, until cleared', () => {
    const dir = tmp()
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

  it('redacts summaries and evidence again when saving (a secret never reaches the file)', () => {
    const canary = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
    const s = new ChecklistStore(tmp())
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('k', [rec('openclaw-config', 'pass', '2026-01-01T00:00:00.000Z', { summary: `token=${canary}`, evidence: [`OPENCLAW_GATEWAY_TOKEN=${canary}`, '-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXk', '-----END OPENSSH PRIVATE KEY-----'] })])
    const text = readFileSync(s.targetPath('k'), 'utf8')
    expect(text).not.toContain(canary)
    expect(text).not.toContain('b3BlbnNzaC1rZXk')
    expect(s.target('k')?.items['openclaw-config']?.evidence[0]).toBe('OPENCLAW_GATEWAY_TOKEN=[REDACTED]')
  })
})

describe('ChecklistStore result history', () => {
  it(`keeps the last ${HISTORY_LIMIT} results per item with time and check version, oldest first; earlier ones keep ${OLDER_EVIDENCE_LINES} evidence lines`, () => {
    const c = clock()
    const dir = tmp()
    const s = new ChecklistStore(dir, { now: c.now })
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      c.tick()
      s.saveResults('k', [rec('ufw-firewall', i % 2 ? 'pass' : 'fail', c.iso(), { checkVersion: `v${i}`, evidence: Array.from({ length: 30 }, (_, j) => `run ${i} line ${j}`) })])
    }
    const h = new ChecklistStore(dir).history('k', 'ufw-firewall')
    expect(h).toHaveLength(HISTORY_LIMIT)
    expect(h[0]?.checkVersion).toBe('v5')
    expect(h.at(-1)?.checkVersion).toBe(`v${HISTORY_LIMIT + 4}`)
    expect(h.every((e, i) => i === 0 || Date.parse(e.savedAt) > Date.parse(h[i - 1]?.savedAt ?? ''))).toBe(true)
    expect(h.at(-1)?.evidence).toHaveLength(30)
    expect(h.slice(0, -1).every((e) => e.evidence.length === OLDER_EVIDENCE_LINES)).toBe(true)
    expect(s.target('k')?.items['ufw-firewall']?.checkVersion).toBe(`v${HISTORY_LIMIT + 4}`)
  })

  it('does not add the same record twice; a custom limit bounds the history', () => {
    const s = new ChecklistStore(tmp(), { historyLimit: 3 })
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    const r = rec('ufw-firewall', 'pass', '2026-01-01T00:00:00.000Z')
    s.saveResults('k', [r])
    s.saveResults('k', [r])
    expect(s.history('k', 'ufw-firewall')).toHaveLength(1)
    for (let i = 1; i <= 5; i++) s.saveResults('k', [rec('ufw-firewall', 'pass', `2026-01-0${i + 1}T00:00:00.000Z`)])
    expect(s.history('k', 'ufw-firewall').map((e) => e.checkedAt)).toEqual(['2026-01-04T00:00:00.000Z', '2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z'])
    expect(s.history('k', 'nothing')).toEqual([])
    expect(s.history('unknown', 'ufw-firewall')).toEqual([])
  })

  it('changesSince: status and check-version changes and first results after a time; same status with new output is no change', () => {
    const c = clock()
    const s = new ChecklistStore(tmp(), { now: c.now })
    s.saveTarget('k', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
    s.saveResults('k', [rec('a', 'pass', c.iso()), rec('b', 'pass', c.iso()), rec('c', 'fail', c.iso()), rec('d', 'pass', c.iso())])
    const firstRun = c.iso()
    c.tick()
    s.saveResults('k', [rec('a', 'fail', c.iso()), rec('b', 'pass', c.iso(), { evidence: ['other output'] }), rec('c', 'fail', c.iso(), { checkVersion: 'v2' }), rec('e', 'pass', c.iso())])
    const changes = s.changesSince('k', firstRun)
    expect(changes.map((x) => [x.stepId, x.before?.status ?? null, x.after.status])).toEqual([
      ['a', 'pass', 'fail'],
      ['c', 'fail', 'fail'],
      ['e', null, 'pass'],
    ])
    expect(s.runs('k')).toEqual([c.iso(), firstRun])
    expect(s.changesSince('k', new Date(c.now().getTime()))).toEqual([])
    expect(s.changesSince('k', '2000-01-01T00:00:00.000Z').map((x) => x.stepId)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('ChecklistStore key-login proofs', () => {
  it('records a proof per target, keeps it across instances and when the target is saved again', () => {
    const dir = tmp()
    const s = new ChecklistStore(dir)
    expect(s.keyLogin('ssh://u@h:22')).toBeUndefined()
    s.saveTarget('ssh://u@h:22', { spec: SSH, label: 'u@h' })
    s.saveKeyLogin('ssh://u@h:22', { at: '2026-01-01T00:00:00.000Z', fingerprint: `SHA256:${'A'.repeat(43)}` })
    s.saveTarget('ssh://u@h:22', { spec: SSH, label: 'u@h' })
    const again = new ChecklistStore(dir)
    expect(again.keyLogin('ssh://u@h:22')).toEqual({ at: '2026-01-01T00:00:00.000Z', fingerprint: `SHA256:${'A'.repeat(43)}` })
    expect(again.keyLogin('ssh://u@other:22')).toBeUndefined()
  })

  it('keeps a proof for a key that has no saved target yet, without listing it as a target', () => {
    const dir = tmp()
    new ChecklistStore(dir).saveKeyLogin('ssh://u@vm:22', { at: '2026-01-01T00:00:00.000Z', fingerprint: `SHA256:${'B'.repeat(43)}` })
    const again = new ChecklistStore(dir)
    expect(again.keyLogin('ssh://u@vm:22')?.fingerprint).toBe(`SHA256:${'B'.repeat(43)}`)
    expect(again.target('ssh://u@vm:22')).toBeUndefined()
    expect(again.targets()).toEqual([])
    expect(again.lastTargetKey()).toBeNull()
  })
})

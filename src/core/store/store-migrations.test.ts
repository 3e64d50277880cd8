import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ChecklistStore } from './checklist-store'
import { ManualStore } from './manual-store'
import { upgrade } from './store-file'
import { migrateLegacyV1, targetFileName } from './store-migrations'
import { legacyV1Schema } from './store-schema'

/** A checklist.json written by release 0.1's ChecklistStore (schema 1), two targets, results, host key, proofs, setup. */
const FIXTURE = join(__dirname, 'fixtures', 'checklist-v1.json')
const CANARY = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
const SSH_KEY = 'ssh://ocss@10.0.0.2:2222'
const WSL_KEY = 'wsl://Ubuntu-24.04'

function withFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-migrate-'))
  copyFileSync(FIXTURE, join(dir, 'checklist.json'))
  return dir
}

describe('migration from schema 1 (the single checklist.json of release 0.1)', () => {
  it('the fixture is what release 0.1 wrote (schema 1, with everything a store held)', () => {
    const v1 = legacyV1Schema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')))
    expect(Object.keys(v1.targets).sort()).toEqual([SSH_KEY, WSL_KEY])
    expect(Object.keys(v1.keyLogins ?? {}).sort()).toEqual([SSH_KEY, 'ssh://ocss@vm.lan:22'])
    expect(v1.setup?.phase).toBe('first-user')
  })

  it('loses no target, pinned host key, result, key proof or setup progress, and renames the old file aside (600)', () => {
    const dir = withFixture()
    const v1 = legacyV1Schema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')))
    const s = new ChecklistStore(dir)
    expect(s.problems()).toEqual([])
    expect(s.lastTargetKey()).toBe(SSH_KEY)
    expect(s.setupProgress()).toEqual(v1.setup)
    for (const key of [SSH_KEY, WSL_KEY]) {
      const before = v1.targets[key]
      const after = s.target(key)
      expect(after?.spec).toEqual(before?.spec)
      expect(after?.label).toBe(before?.label)
      expect(after?.hostKey).toEqual(before?.hostKey)
      expect(Object.keys(after?.items ?? {}).sort()).toEqual(Object.keys(before?.items ?? {}).sort())
      for (const [id, r] of Object.entries(before?.items ?? {})) {
        expect(after?.items[id]).toMatchObject({ status: r.status, summary: r.summary, checkedAt: r.checkedAt, checkVersion: r.checkVersion })
        expect(s.history(key, id)).toHaveLength(1)
      }
    }
    expect(s.target(SSH_KEY)?.hostKey?.fingerprint).toBe('SHA256:gRPUkqhtMxY4NqxYgCRzjHrB5aks2BnnYnImapFr8gA')
    expect(s.keyLogin(SSH_KEY)).toEqual(v1.keyLogins?.[SSH_KEY])
    expect(s.keyLogin('ssh://ocss@vm.lan:22')).toEqual(v1.keyLogins?.['ssh://ocss@vm.lan:22'])
    expect(s.targets().map((t) => t.key).sort()).toEqual([SSH_KEY, WSL_KEY])
    // The old file is gone from its place, kept as a backup with mode 600.
    expect(existsSync(join(dir, 'checklist.json'))).toBe(false)
    expect(s.migratedLegacy).toMatch(/checklist\.json\.migrated-/)
    expect(statSync(s.migratedLegacy ?? '').mode & 0o777).toBe(0o600)
    // Three target files (two targets and the proof of a key without a target), named by hash, each schema 3, mode 600.
    const files = readdirSync(join(dir, 'targets')).sort()
    expect(files).toEqual([SSH_KEY, WSL_KEY, 'ssh://ocss@vm.lan:22'].map(targetFileName).sort())
    for (const f of files) {
      expect(JSON.parse(readFileSync(join(dir, 'targets', f), 'utf8')).schemaVersion).toBe(3)
      expect(statSync(join(dir, 'targets', f)).mode & 0o777).toBe(0o600)
    }
  })

  it('redacts a secret an earlier release kept in evidence', () => {
    const dir = withFixture()
    expect(readFileSync(join(dir, 'checklist.json'), 'utf8')).toContain(CANARY)
    const s = new ChecklistStore(dir)
    expect(readFileSync(s.targetPath(SSH_KEY), 'utf8')).not.toContain(CANARY)
    expect(s.target(SSH_KEY)?.items['ssh-hardening']?.evidence).toEqual(['passwordauthentication yes', 'OPENCLAW_GATEWAY_TOKEN=[REDACTED]'])
  })

  it('runs once: a second start changes nothing; new results after the migration land in the new files', () => {
    const dir = withFixture()
    const first = new ChecklistStore(dir)
    first.saveResults(WSL_KEY, [{ stepId: 'wsl-systemd', status: 'fail', summary: 'off', evidence: [], checkedAt: '2026-04-01T00:00:00.000Z', checkVersion: 'a1b2c3' }])
    const second = new ChecklistStore(dir)
    expect(second.migratedLegacy).toBeNull()
    expect(second.history(WSL_KEY, 'wsl-systemd').map((e) => e.status)).toEqual(['pass', 'fail'])
  })

  it('a migration cut short (target files written, old file still there) runs again and keeps the newer files', () => {
    const dir = withFixture()
    const layout = migrateLegacyV1(legacyV1Schema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8'))))
    expect(layout.targets).toHaveLength(3)
    // Simulate: the first run wrote the WSL target's file and a newer result, then died before the index and the rename.
    copyFileSync(FIXTURE, join(dir, 'checklist.json.keep'))
    const partial = new ChecklistStore(dir)
    partial.saveResults(WSL_KEY, [{ stepId: 'wsl-systemd', status: 'error', summary: 'newer', evidence: [], checkedAt: '2026-05-01T00:00:00.000Z', checkVersion: 'a1b2c3' }])
    copyFileSync(join(dir, 'checklist.json.keep'), join(dir, 'checklist.json'))
    const s = new ChecklistStore(dir)
    expect(s.problems()).toEqual([])
    expect(s.target(WSL_KEY)?.items['wsl-systemd']?.summary).toBe('newer')
    expect(s.target(SSH_KEY)?.items['ufw-firewall']?.status).toBe('pass')
    expect(existsSync(join(dir, 'checklist.json'))).toBe(false)
  })

  it('an unusable checklist.json (bad JSON, or written by a newer release) is moved aside and reported; the store starts empty', () => {
    const bad = mkdtempSync(join(tmpdir(), 'ocss-migrate-'))
    writeFileSync(join(bad, 'checklist.json'), '{"version":1,"lastTarget":')
    const s = new ChecklistStore(bad)
    expect(s.problems()).toHaveLength(1)
    expect(s.problems()[0]?.message).toMatch(/checklist\.json.*could not be migrated: it is not valid JSON.*moved aside to checklist\.json\.corrupt-/)
    expect(s.lastTargetKey()).toBeNull()
    expect(readdirSync(bad).some((n) => n.startsWith('checklist.json.corrupt-'))).toBe(true)

    const future = mkdtempSync(join(tmpdir(), 'ocss-migrate-'))
    writeFileSync(join(future, 'checklist.json'), JSON.stringify({ version: 7, lastTarget: null, targets: {} }))
    const f = new ChecklistStore(future)
    expect(f.problems()[0]?.message).toMatch(/newer version of the app \(schema 7/)
    expect(f.problems()[0]?.hint).toMatch(/Update OpenClaw Secure Setup/)
  })
})

describe('migration steps (upgrade)', () => {
  const schema = z.object({ schemaVersion: z.literal(3), name: z.string(), tags: z.array(z.string()) })
  const def = {
    version: 3,
    schema,
    empty: () => ({ schemaVersion: 3 as const, name: '', tags: [] }),
    migrations: {
      1: ({ version: _v, title, ...rest }: Record<string, unknown>) => ({ ...rest, schemaVersion: 2, name: title }),
      2: (raw: Record<string, unknown>) => ({ ...raw, schemaVersion: 3, tags: [] }),
    },
  }

  it('runs every step from the file version to the current one, then validates', () => {
    expect(upgrade({ version: 1, title: 'x' }, def)).toEqual({ ok: true, value: { schemaVersion: 3, name: 'x', tags: [] }, from: 1 })
    expect(upgrade({ schemaVersion: 2, name: 'y' }, def)).toEqual({ ok: true, value: { schemaVersion: 3, name: 'y', tags: [] }, from: 2 })
    expect(upgrade({ schemaVersion: 3, name: 'z', tags: ['a'] }, def)).toEqual({ ok: true, value: { schemaVersion: 3, name: 'z', tags: ['a'] }, from: null })
    expect(upgrade({}, def)).toMatchObject({ ok: true, from: null })
  })

  it('fails on a future version, a missing version, a gap, a throwing step, or a result zod rejects', () => {
    expect(upgrade({ schemaVersion: 4 }, def)).toMatchObject({ ok: false, future: true })
    expect(upgrade({ name: 'x' }, def)).toMatchObject({ ok: false, reason: 'it has no schema version' })
    expect(upgrade({ schemaVersion: 0 }, def)).toMatchObject({ ok: false })
    expect(upgrade({ schemaVersion: 2, name: 'x' }, { ...def, migrations: { 1: def.migrations[1] } })).toMatchObject({ ok: false, reason: 'there is no migration from schema 2' })
    expect(upgrade({ version: 1, title: 'x' }, { ...def, migrations: { ...def.migrations, 1: () => { throw new Error('boom') } } })).toMatchObject({ ok: false, reason: expect.stringMatching(/migration from schema 1 failed \(boom\)/) })
    expect(upgrade({ version: 1, title: 42 }, def)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the expected format \(name:/) })
    expect(upgrade([1, 2], def)).toMatchObject({ ok: false, reason: 'it does not hold a JSON object' })
  })

  it("manual.json of release 0.1 ({version: 1}) migrates to schema 2 on read and is written back", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-manual-'))
    const c = { itemId: 'spend-cap', by: 'Ada', at: '2026-01-01T00:00:00.000Z', note: '20 EUR' }
    writeFileSync(join(dir, 'manual.json'), JSON.stringify({ version: 1, targets: { t: { confirmations: { 'spend-cap': c }, waivers: {} } } }), { mode: 0o644 })
    const m = new ManualStore(dir)
    expect(m.forTarget('t').confirmations['spend-cap']).toEqual(c)
    expect(m.problems()).toEqual([])
    expect(JSON.parse(readFileSync(m.path, 'utf8'))).toMatchObject({ schemaVersion: 2 })
    expect(statSync(m.path).mode & 0o777).toBe(0o600)
  })
})

describe('migration from schema 2 (files without saved step inputs)', () => {
  it('adds empty stepInputs to each target file, keeps everything else, and writes schema 3 back', () => {
    const dir = withFixture()
    // The layout release 0.2 wrote: migrate the fixture, then turn the files back into schema 2 by hand.
    new ChecklistStore(dir)
    const targets = readdirSync(join(dir, 'targets'))
    for (const f of targets) {
      const path = join(dir, 'targets', f)
      const { stepInputs: _s, ...v2 } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
      writeFileSync(path, JSON.stringify({ ...v2, schemaVersion: 2 }))
    }
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, unknown>
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, schemaVersion: 2 }))
    const s = new ChecklistStore(dir)
    expect(s.problems()).toEqual([])
    expect(s.lastTargetKey()).toBe(SSH_KEY)
    expect(Object.keys(s.target(SSH_KEY)?.items ?? {}).length).toBeGreaterThan(0)
    expect(s.stepInputs(SSH_KEY, 'ufw-firewall')).toEqual({})
    s.saveStepInputs(SSH_KEY, 'ufw-firewall', { PORT: '2222' })
    const file = JSON.parse(readFileSync(s.targetPath(SSH_KEY), 'utf8')) as Record<string, unknown>
    expect(file).toMatchObject({ schemaVersion: 3, stepInputs: { 'ufw-firewall': { PORT: '2222' } } })
    expect(new ChecklistStore(dir).stepInputs(SSH_KEY, 'ufw-firewall')).toEqual({ PORT: '2222' })
  })

  it('moves aside a target file whose saved inputs have a bad name', () => {
    const dir = withFixture()
    const s = new ChecklistStore(dir)
    const path = s.targetPath(SSH_KEY)
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    writeFileSync(path, JSON.stringify({ ...file, stepInputs: { 'ufw-firewall': { 'bad name': 'x' } } }))
    const again = new ChecklistStore(dir)
    expect(again.problems().map((p) => p.file)).toContain(path)
  })
})

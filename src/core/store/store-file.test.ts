import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ChecklistStore } from './checklist-store'
import { ManualStore } from './manual-store'
import { removeStaleTemps, TEMP_FILE_PATTERN } from './store-file'
import { storeWriterBundle } from './fixtures/store-child'
import { ProgressStore } from './progress-store'
import { fingerprintOf } from '../targets/host-key'

const tmp = () => mkdtempSync(join(tmpdir(), 'ocss-file-'))
const KEY = 'ssh://u@h:22'
/** Two real-shaped ed25519 public key blobs (string "ssh-ed25519", then 32 key bytes). */
const BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIHk1cUkZ2bH0Gm2Yq6s7S1vO0m2dJx3Q0pXwqS1p1c9k'
const OTHER_BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4'
const SSH = { kind: 'ssh' as const, user: 'u', host: 'h', port: 22 }

/** A data folder with one saved target and result. */
function seeded(): { dir: string; store: ChecklistStore } {
  const dir = tmp()
  const store = new ChecklistStore(dir)
  store.saveTarget(KEY, { spec: SSH, label: 'u@h' })
  store.saveResults(KEY, [{ stepId: 'ufw-firewall', status: 'pass', summary: 'ok', evidence: [], checkedAt: '2026-01-01T00:00:00.000Z', checkVersion: 'v1' }])
  return { dir, store }
}
const corruptFiles = (dir: string) => readdirSync(dir).filter((n) => /\.corrupt-\d{4}-\d\d-\d\dT/.test(n))

describe('zod validation on read', () => {
  it.each([
    ['a status the app does not know', (f: Record<string, unknown>) => ({ ...f, history: { 'ufw-firewall': [{ stepId: 'ufw-firewall', status: 'maybe', summary: '', evidence: [], checkedAt: null, checkVersion: 'v', savedAt: '2026-01-01T00:00:00.000Z' }] } })],
    ['a target spec that fails the target rules', (f: Record<string, unknown>) => ({ ...f, target: { spec: { kind: 'ssh', user: 'u', host: 'h; rm -rf /', port: 22 }, label: 'x' } })],
    ['a host key with a malformed fingerprint', (f: Record<string, unknown>) => ({ ...f, target: { spec: SSH, label: 'x', hostKey: { type: 'ssh-ed25519', blob: 'AAAA', fingerprint: 'MD5:aa' } } })],
    ['a missing history', ({ history: _h, ...f }: Record<string, unknown>) => f],
  ])('a target file with %s is moved aside and reported, never trusted', (_what, mutate) => {
    const { dir } = seeded()
    const path = new ChecklistStore(dir).targetPath(KEY)
    writeFileSync(path, JSON.stringify(mutate(JSON.parse(readFileSync(path, 'utf8')))))
    const s = new ChecklistStore(dir)
    expect(s.target(KEY)).toBeUndefined()
    expect(s.problems()).toHaveLength(1)
    expect(s.problems()[0]).toMatchObject({ code: 'STORE_UNREADABLE', file: path })
    expect(s.problems()[0]?.message).toMatch(/does not match the expected format/)
    expect(corruptFiles(join(dir, 'targets'))).toHaveLength(1)
    // The index no longer lists the target that is gone, and the store keeps working.
    expect(s.lastTargetKey()).toBeNull()
    s.saveTarget(KEY, { spec: SSH, label: 'u@h' })
    expect(new ChecklistStore(dir).problems()).toEqual([])
  })

  it.each([
    // The blob becomes a known_hosts line: a line break would add a second, attacker-chosen pin. Base64 decoding is lenient,
    // so the fingerprint can be made to match the decoded bytes; only strict base64 catches it.
    ['a blob with a line break (an injected known_hosts line)', { type: 'ssh-ed25519', blob: `${BLOB}\n[evil.example]:22 ssh-ed25519 ${BLOB}`, fingerprint: fingerprintOf(`${BLOB}\n[evil.example]:22 ssh-ed25519 ${BLOB}`) }, /hostKey: the key is not plain base64 \(it holds other characters, such as a line break\)/],
    ['a type that is not one the app pins (widens HostKeyAlgorithms)', { type: 'ssh-ed25519,ssh-rsa', blob: BLOB, fingerprint: fingerprintOf(BLOB) }, /hostKey: the key type "ssh-ed25519,ssh-rsa" is not one the app pins/],
    ['a type that differs from the one inside the key', { type: 'ssh-rsa', blob: BLOB, fingerprint: fingerprintOf(BLOB) }, /hostKey: the key says it is ssh-ed25519, not ssh-rsa/],
    ['a fingerprint that is not the key\'s', { type: 'ssh-ed25519', blob: BLOB, fingerprint: fingerprintOf(OTHER_BLOB) }, /hostKey: the fingerprint does not match the key \(recomputed from the key data\)/],
  ])('a pinned host key with %s is refused: the file is moved aside and reported, the pin never used', (_what, hostKey, reason) => {
    const { dir } = seeded()
    const path = new ChecklistStore(dir).targetPath(KEY)
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), target: { spec: SSH, label: 'u@h', hostKey } }))
    const s = new ChecklistStore(dir)
    expect(s.target(KEY)).toBeUndefined()
    expect(s.problems()).toHaveLength(1)
    expect(s.problems()[0]?.message).toMatch(/could not be used: it does not match the expected format \(target\.hostKey: /)
    expect(s.problems()[0]?.message).toMatch(reason)
    expect(corruptFiles(join(dir, 'targets'))).toHaveLength(1)
  })

  it('a consistent pinned host key is saved and read back', () => {
    const { dir, store } = seeded()
    const hostKey = { type: 'ssh-ed25519', blob: BLOB, fingerprint: fingerprintOf(BLOB) }
    store.saveTarget(KEY, { spec: SSH, label: 'u@h', hostKey })
    const s = new ChecklistStore(dir)
    expect(s.problems()).toEqual([])
    expect(s.target(KEY)?.hostKey).toEqual(hostKey)
  })

  it('refuses to write data that fails its schema (nothing changes on disk)', () => {
    const { dir, store } = seeded()
    const before = readFileSync(store.path, 'utf8')
    expect(() => store.saveSetupProgress({ phase: 'teleport' as never, distro: null, updatedAt: 'now' })).toThrow(/Refused to save the list of targets/)
    expect(readFileSync(store.path, 'utf8')).toBe(before)
    expect(new ChecklistStore(dir).problems()).toEqual([])
  })
})

describe('corrupt or unreadable files: moved aside with a clear message, the store still opens', () => {
  it('bad JSON in the index: moved aside; the targets list is rebuilt from the target files, newest target first', () => {
    const { dir, store } = seeded()
    writeFileSync(store.path, '{"schemaVersion":2,"lastTarget":"ssh://u@h:22","targ')
    const s = new ChecklistStore(dir)
    expect(s.problems()).toHaveLength(1)
    const p = s.problems()[0]
    expect(p?.message).toMatch(/^The saved file index\.json \(the list of targets and the setup progress\) could not be used: it is not valid JSON\. It was moved aside to index\.json\.corrupt-/)
    expect(p?.hint).toMatch(/carries on without it/)
    expect(p?.movedTo && existsSync(p.movedTo)).toBe(true)
    expect(statSync(p?.movedTo ?? '').mode & 0o777).toBe(0o600)
    expect(s.lastTargetKey()).toBe(KEY)
    expect(s.target(KEY)?.items['ufw-firewall']?.status).toBe('pass')
    expect(new ChecklistStore(dir).problems()).toEqual([])
  })

  it('a file written by a newer release (future schemaVersion) is moved aside with "update the app"', () => {
    const { dir, store } = seeded()
    const path = store.targetPath(KEY)
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), schemaVersion: 9 }))
    const s = new ChecklistStore(dir)
    expect(s.problems()[0]?.message).toMatch(/written by a newer version of the app \(schema 9; this version reads up to 3\)/)
    expect(s.problems()[0]?.hint).toMatch(/^Update OpenClaw Secure Setup to read it again \(rename [0-9a-f]{16}\.json\.corrupt-.* back to [0-9a-f]{16}\.json\)/)
  })

  it('a folder where the file should be (EISDIR) is moved aside', () => {
    const dir = tmp()
    mkdirSync(join(dir, 'index.json'))
    const s = new ChecklistStore(dir)
    expect(s.problems()[0]?.message).toMatch(/it is a folder, not a file/)
    s.saveTarget(KEY, { spec: SSH, label: 'u@h' })
    expect(new ChecklistStore(dir).lastTargetKey()).toBe(KEY)
  })

  it('a corrupt manual.json is moved aside and reported (not silently overwritten as before)', () => {
    const dir = tmp()
    writeFileSync(join(dir, 'manual.json'), '\u0000\u0000garbage')
    const m = new ManualStore(dir)
    expect(m.forTarget('t')).toEqual({ confirmations: {}, waivers: {} })
    expect(m.problems()[0]?.message).toMatch(/manual\.json \(the confirmations and waivers\).*not valid JSON/)
    expect(corruptFiles(dir)).toHaveLength(1)
  })
})

describe('links in the data folder are never followed (atomically would write where they point)', () => {
  it('a target file that is a symbolic link is moved aside and reported; what it points to is neither read, tightened nor written', () => {
    const { dir } = seeded()
    const path = new ChecklistStore(dir).targetPath(KEY)
    const outside = join(tmp(), 'elsewhere.json')
    writeFileSync(outside, readFileSync(path, 'utf8'), { mode: 0o644 })
    chmodSync(outside, 0o644)
    const before = readFileSync(outside, 'utf8')
    rmSync(path)
    symlinkSync(outside, path)
    const s = new ChecklistStore(dir)
    expect(s.target(KEY)).toBeUndefined()
    expect(s.problems()).toHaveLength(1)
    expect(s.problems()[0]?.message).toMatch(/could not be used: it is a symbolic link, and the app does not follow links or read special files in its data folder\. It was moved aside to/)
    const moved = corruptFiles(join(dir, 'targets'))
    expect(moved).toHaveLength(1)
    expect(lstatSync(join(dir, 'targets', moved[0] ?? '')).isSymbolicLink()).toBe(true)
    s.saveTarget(KEY, { spec: SSH, label: 'u@h' })
    expect(lstatSync(path).isFile()).toBe(true)
    expect(readFileSync(outside, 'utf8')).toBe(before)
    expect(statSync(outside).mode & 0o777).toBe(0o644)
  })

  it('progress.json: a link is moved aside at start, and one put there later is refused on write with what to do', () => {
    const dir = tmp()
    const outside = join(tmp(), 'victim')
    writeFileSync(outside, 'keep')
    symlinkSync(outside, join(dir, 'progress.json'))
    const p = new ProgressStore(dir)
    expect(lstatSync(join(dir, 'progress.json'), { throwIfNoEntry: false })?.isSymbolicLink()).not.toBe(true)
    expect(corruptFiles(dir)).toHaveLength(1)
    expect(lstatSync(join(dir, corruptFiles(dir)[0] ?? '')).isSymbolicLink()).toBe(true)
    p.started(KEY, { stepId: 'ufw-firewall', action: 'apply', startedAt: '2026-01-01T00:00:00.000Z', instance: 'i' })
    rmSync(join(dir, 'progress.json'))
    symlinkSync(outside, join(dir, 'progress.json'))
    expect(p.current(KEY)).toBeNull()
    expect(() => p.started(KEY, { stepId: 'ufw-firewall', action: 'undo', startedAt: '2026-01-01T00:00:00.000Z', instance: 'i' })).toThrow(/Refused to save which step was running: .*progress\.json is a symbolic link, and the app writes its data folder only as plain files, never through links/)
    expect(readFileSync(outside, 'utf8')).toBe('keep')
  })
})

describe('unreadable permissions (a child process without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH: root then obeys modes)', () => {
  let bundle = ''
  beforeAll(async () => {
    bundle = await storeWriterBundle()
  }, 60_000)

  it('a file the process cannot read is moved aside and reported; the store still opens', () => {
    if (process.getuid?.() !== 0) return expect.fail('this test needs root to drop the capabilities of its child')
    const { dir, store } = seeded()
    chmodSync(store.targetPath(KEY), 0o000)
    // setpriv (util-linux) drops the two capabilities that let root read anything; the project path stays reachable.
    const r = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, bundle, 'probe', dir], { encoding: 'utf8', timeout: 20_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as { problems: { message: string; movedTo: string }[]; lastTarget: string | null }
    expect(out.problems).toHaveLength(1)
    expect(out.problems[0]?.message).toMatch(/could not be used: the app has no permission to read it\. It was moved aside to/)
    expect(out.lastTarget).toBeNull()
    expect(corruptFiles(join(dir, 'targets'))).toHaveLength(1)
  })
})

describe('atomic writes through conf (atomically): temp file in the same folder, fsync, rename', () => {
  it('a write replaces the file by rename (new inode), leaves no temp file, keeps mode 600', () => {
    const { dir, store } = seeded()
    const before = statSync(store.targetPath(KEY)).ino
    store.saveResults(KEY, [{ stepId: 'ufw-firewall', status: 'fail', summary: 'off', evidence: [], checkedAt: '2026-01-02T00:00:00.000Z', checkVersion: 'v1' }])
    const after = statSync(store.targetPath(KEY))
    expect(after.ino).not.toBe(before)
    expect(after.mode & 0o777).toBe(0o600)
    expect(readdirSync(join(dir, 'targets')).filter((n) => TEMP_FILE_PATTERN.test(n))).toEqual([])
  })

  it('strace shows each save as open(<name>.tmp-…, 0600) → fsync → rename onto the file, never a write to the file itself', async () => {
    const bundle = await storeWriterBundle()
    const hasStrace = spawnSync('strace', ['-V']).status === 0
    if (!hasStrace) return expect.fail('strace is needed for this test')
    const dir = tmp()
    const log = join(dir, '..', `${dir.split('/').pop()}.strace`)
    execFileSync('strace', ['-f', '-e', 'trace=openat,rename,renameat,renameat2,fsync', '-o', log, process.execPath, bundle, 'once', dir], { stdio: 'ignore' })
    const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(dir) || /fsync\(/.test(l))
    const opensOfStoreFiles = lines.filter((l) => /openat\(.*O_WRONLY/.test(l))
    expect(opensOfStoreFiles.length).toBeGreaterThanOrEqual(3)
    // Every file opened for writing is a temp file, created with mode 0600 …
    for (const l of opensOfStoreFiles) expect(l).toMatch(/\.json\.tmp-\d{10}[0-9a-f]{6}", O_WRONLY\|O_CREAT\|O_TRUNC\|O_CLOEXEC, 0600\)/)
    // … then fsynced and renamed onto its final name in the same folder.
    for (const l of opensOfStoreFiles) {
      const temp = /"([^"]+\.tmp-[^"]+)"/.exec(l)?.[1] ?? ''
      const i = lines.indexOf(l)
      const rename = lines.findIndex((x, j) => j > i && x.includes(`rename("${temp}", "${temp.replace(/\.tmp-.*$/, '')}") = 0`))
      expect(rename).toBeGreaterThan(i)
      expect(lines.slice(i, rename).some((x) => /fsync\(\d+\)\s+= 0/.test(x))).toBe(true)
    }
  }, 60_000)

  it('temp files left by a killed writer are removed when older than a minute, fresh ones are left alone', () => {
    const { dir, store } = seeded()
    const old = `${store.targetPath(KEY)}.tmp-1234567890abcdef`
    const fresh = `${store.path}.tmp-1234567891abcdef`
    writeFileSync(old, '{"half')
    writeFileSync(fresh, '{"half')
    const t = Date.now() / 1000 - 120
    utimesSync(old, t, t)
    new ChecklistStore(dir)
    expect(existsSync(old)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
    expect(removeStaleTemps(dir, 0)).toBe(1)
    expect(existsSync(fresh)).toBe(false)
    expect(new ChecklistStore(dir).problems()).toEqual([])
  })

  it('age is counted in whole milliseconds: a temp file written within the current millisecond is not "from the future"', () => {
    // Date.now() is truncated to the millisecond, a file's mtimeMs is not: a write at x.4 ms read back at x.9 ms gave a
    // negative age, and removeStaleTemps(dir, 0) kept the file (seen on a fast CI machine; ~5 % of writes here).
    const dir = tmp()
    const temp = join(dir, 'index.json.tmp-1234567890abcdef')
    writeFileSync(temp, '{"half')
    const seconds = 1_700_000_000.0004 // mtimeMs 1_700_000_000_000.4
    utimesSync(temp, seconds, seconds)
    const ms = Math.floor(statSync(temp).mtimeMs)
    expect(statSync(temp).mtimeMs).toBeGreaterThan(ms)
    expect(removeStaleTemps(dir, 60_000, ms + 59_999)).toBe(0)
    expect(existsSync(temp)).toBe(true)
    expect(removeStaleTemps(dir, 0, ms)).toBe(1)
    expect(existsSync(temp)).toBe(false)
  })
})

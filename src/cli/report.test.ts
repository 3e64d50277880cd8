import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChecklistStore } from '../core/store/checklist-store'
import { ManualStore } from '../core/store/manual-store'
import { checkVersion } from '../core/runner/job'
import { stepById } from '../catalog'
import { main } from './index'

const CANARY = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
let dataDir: string
let out: string[]
let err: string[]

function seed(): void {
  const store = new ChecklistStore(dataDir)
  store.saveTarget('ssh://ocss@10.0.0.2:2222', { spec: { kind: 'ssh', user: 'ocss', host: '10.0.0.2', port: 2222 }, label: 'ocss@10.0.0.2:2222' })
  const v = checkVersion(stepById('ufw-firewall') ?? (undefined as never))
  // A saved record whose evidence carries a secret (as an older version of the app might have kept it).
  store.saveResults('ssh://ocss@10.0.0.2:2222', [{ stepId: 'ufw-firewall', status: 'pass', summary: 'Active', evidence: ['Status: active', `OPENCLAW_GATEWAY_TOKEN=${CANARY}`], checkedAt: '2026-09-19T10:00:00.000Z', checkVersion: v }])
  new ManualStore(dataDir).confirm('ssh://ocss@10.0.0.2:2222', 'key-rotation', { by: 'Ada', note: `rotated; old was ${CANARY}` }, new Date('2026-09-01T00:00:00Z'))
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ocss-report-'))
  out = []
  err = []
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
})
afterEach(() => vi.restoreAllMocks())

const run = (args: string[]) => main(args, { OCSS_DATA_DIR: dataDir })

describe('cli report (real store files, no connection)', () => {
  it.each(['html', 'md', 'json'])('writes a %s report with mode 600, every item, and no secret', async (format) => {
    seed()
    const file = join(dataDir, `r.${format}`)
    expect(await run(['report', '--format', format, '--out', file])).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(CANARY)
    expect(text).toContain('ocss@10.0.0.2:2222')
    expect(text).toMatch(/Host firewall on, incoming denied by default/)
    expect(out.join('')).toContain(`written to ${file} (mode 600)`)
    // Neither the store files nor the CLI's output carry the canary of the confirmation note (redacted when saved).
    expect(readFileSync(join(dataDir, 'manual.json'), 'utf8')).not.toContain(CANARY)
    expect(out.join('') + err.join('')).not.toContain(CANARY)
  })

  it('tightens an existing file to 600 and replaces its content', async () => {
    seed()
    const file = join(dataDir, 'old.json')
    writeFileSync(file, 'x'.repeat(100_000), { mode: 0o644 })
    expect(await run(['report', '--format', 'json', '--out', file])).toBe(0)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow()
  })

  it('refuses a directory, a symlink and a missing folder, writing nothing', async () => {
    seed()
    const dir = join(dataDir, 'adir')
    mkdirSync(dir)
    expect(await run(['report', '--format', 'html', '--out', dir])).toBe(2)
    expect(err.join('')).toMatch(/is a folder, not a file/)
    const link = join(dataDir, 'link.html')
    symlinkSync(join(dataDir, 'target.html'), link)
    expect(await run(['report', '--format', 'html', '--out', link])).toBe(2)
    expect(err.join('')).toMatch(/symbolic link/)
    expect(() => statSync(join(dataDir, 'target.html'))).toThrow()
    expect(await run(['report', '--format', 'html', '--out', join(dataDir, 'nope', 'r.html')])).toBe(2)
    expect(err.join('')).toMatch(/does not exist/)
  })

  it('refuses a hard link and a FIFO with exit 2 and what to do; the other name keeps its content and mode', async () => {
    seed()
    const other = join(dataDir, 'precious.txt')
    writeFileSync(other, 'keep me', { mode: 0o644 })
    chmodSync(other, 0o644)
    linkSync(other, join(dataDir, 'r.html'))
    expect(await run(['report', '--format', 'html', '--out', join(dataDir, 'r.html')])).toBe(2)
    expect(err.join('')).toMatch(/r\.html is a hard link \(the same file has 2 names\).*\nGive a new file name.*\nNothing was written\.\n$/s)
    expect(readFileSync(other, 'utf8')).toBe('keep me')
    expect(statSync(other).mode & 0o777).toBe(0o644)
    const fifo = join(dataDir, 'pipe.md')
    execFileSync('mkfifo', [fifo])
    // Bounded: a writer that opened the FIFO would wait for a reader; this one arrives after 3 s.
    const reader = spawn('sh', ['-c', 'sleep 3 && exec timeout 5 cat -- "$1" >/dev/null', 'sh', fifo], { stdio: 'ignore' })
    try {
      const t0 = Date.now()
      expect(await run(['report', '--format', 'md', '--out', fifo])).toBe(2)
      expect(Date.now() - t0).toBeLessThan(2_000)
      expect(err.join('')).toMatch(/pipe\.md is a named pipe \(FIFO\), not a regular file/)
    } finally {
      reader.kill()
    }
  }, 15_000)

  it('with nothing saved yet, says so and writes nothing', async () => {
    const file = join(dataDir, 'r.html')
    expect(await run(['report', '--format', 'html', '--out', file])).toBe(2)
    expect(err.join('')).toMatch(/No saved checklist yet/)
    expect(() => statSync(file)).toThrow()
  })
})

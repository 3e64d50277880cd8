import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppService } from '../core/service/app-service'
import { ChecklistStore } from '../core/store/checklist-store'
import { main } from './index'

let dataDir: string
let out: string[]
let err: string[]
const KEY = 'ssh://ocss@10.0.0.2:2222'

/** A data folder with two targets, then the last target's file and the index broken. */
function corrupted(): void {
  const s = new ChecklistStore(dataDir)
  s.saveTarget('wsl://Ubuntu', { spec: { kind: 'wsl', distro: 'Ubuntu' }, label: 'WSL Ubuntu' })
  s.saveResults('wsl://Ubuntu', [{ stepId: 'ufw-firewall', status: 'pass', summary: 'Active', evidence: ['Status: active'], checkedAt: '2026-09-19T10:00:00.000Z', checkVersion: 'v' }])
  s.saveTarget(KEY, { spec: { kind: 'ssh', user: 'ocss', host: '10.0.0.2', port: 2222 }, label: 'ocss@10.0.0.2:2222' })
  writeFileSync(s.targetPath(KEY), '{"schemaVersion":2,"key":"ssh://ocss@10.0.0.2:2222","target":{"spec":')
  writeFileSync(join(dataDir, 'manual.json'), 'not json at all')
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ocss-corrupt-'))
  out = []
  err = []
})
afterEach(() => vi.restoreAllMocks())

describe('a corrupted store: the app and the CLI still start and say what happened (Electron mocked: AppService runs as in main)', () => {
  it('AppService starts and app:state reports the files moved aside; the checklist shows the target that is left', async () => {
    corrupted()
    const svc = new AppService({ dataDir, emit: () => undefined })
    const r = await svc.handle('app:state', {})
    if (!r.ok) throw new Error(r.error.message)
    const problems = r.value.storeProblems ?? []
    // The target file and manual.json were both corrupted: both are reported.
    expect(problems).toHaveLength(2)
    expect(problems[1]).toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringMatching(/manual\.json/) })
    expect(problems[0]).toMatchObject({ code: 'STORE_UNREADABLE' })
    expect(problems[0]?.message).toMatch(/^The saved file [0-9a-f]{16}\.json \(the saved checklist of ssh:\/\/ocss@10\.0\.0\.2:2222\) could not be used: it is not valid JSON\. It was moved aside to [0-9a-f]{16}\.json\.corrupt-/)
    expect(problems[0]?.hint).toMatch(/re-check the machine/)
    expect(r.value.lastTarget).toEqual({ kind: 'wsl', distro: 'Ubuntu' })
    expect(r.value.checklist.targetLabel).toBe('WSL Ubuntu')
    expect(readdirSync(join(dataDir, 'targets')).filter((n) => n.includes('.corrupt-'))).toHaveLength(1)
  })

  it('the CLI status command runs, warns about each file moved aside, and shows what is left', async () => {
    corrupted()
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
    const code = await main(['status'], { OCSS_DATA_DIR: dataDir })
    const stderr = err.join('')
    expect(stderr).toMatch(/warning: The saved file [0-9a-f]{16}\.json .* could not be used: it is not valid JSON\. It was moved aside/)
    expect(stderr).toMatch(/warning: The saved file manual\.json \(the confirmations and waivers\) could not be used: it is not valid JSON\./)
    expect(out.join('')).toContain('WSL Ubuntu')
    expect([0, 1]).toContain(code)
    // Started again, nothing more to report: the files were moved aside once.
    err = []
    await main(['status'], { OCSS_DATA_DIR: dataDir })
    expect(err.join('')).not.toMatch(/warning:/)
  })
})

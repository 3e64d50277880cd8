import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditFresh } from './step'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const evaluate = (stdout: string) => auditFresh.evaluate({ exitCode: 0, stdout })

describe('audit-fresh check', () => {
  it('passes when the last audit read the config on disk now, and shows both times', () => {
    const v = evaluate(fixture('audited-current.pass.txt'))
    expect(v.summary).toBe('The last deep audit (2025-12-01T13:21:40Z) read the openclaw.json that is there now (last changed 2025-12-01T13:20:00Z).')
    expect(v.evidence).toEqual(['account: openclaw', 'openclaw.json: sha256 4b3c1d0e9f8a7b6c…, last changed 2025-12-01T13:20:00Z', 'last deep audit: 2025-12-01T13:21:40Z, of openclaw.json sha256 4b3c1d0e9f8a7b6c…, last changed 2025-12-01T13:20:00Z'])
  })

  it('fails, with what to do, when the config changed after the audit', () => {
    expect(evaluate(fixture('changed-after-audit.fail.txt')).summary).toBe('openclaw.json changed (last at 2025-12-01T13:25:00Z) after the last deep audit (2025-12-01T13:21:40Z). Apply runs the audit now (a re-check runs it too).')
  })

  it('compares the content, not only the time: same mtime, other content fails', () => {
    const out = fixture('audited-current.pass.txt').replace(/^4b3c\S+ 1764595200$/m, `${'f'.repeat(64)} 1764595200`)
    expect(evaluate(out).status).toBe('fail')
  })

  it('garbage output is an error, never a pass', () => {
    expect(evaluate('sudo: a password is required\n').status).toBe('error')
    expect(evaluate('### account\nopenclaw\n### config\nabc 1\n### stamp\naudited-at x\n').status).toBe('error')
  })

  it('metadata and scripts: its own folder, both targets, valid bash with the stamp helpers written in', () => {
    expect(__dirname.endsWith(auditFresh.meta.id)).toBe(true)
    expect(auditFresh.meta.targets).toEqual(['ssh', 'wsl'])
    for (const s of [auditFresh.scripts.apply, auditFresh.scripts.check, auditFresh.scripts.undo]) {
      expect(s).not.toMatch(/^# @include /m)
      expect(spawnSync('bash', ['-n'], { input: s }).status).toBe(0)
    }
    expect(auditFresh.scripts.check).not.toMatch(/^\s*openclaw /m) // the check runs no OpenClaw program
  })
})

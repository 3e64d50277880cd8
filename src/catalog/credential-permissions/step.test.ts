import { describe, expect, it } from 'vitest'
import { credentialPermissions } from './step'

function out(paths: readonly string[]): string {
  return ['### oc-account', 'user ocss', 'uid 1000', 'home /home/ocss', '### oc-version', '2026.9.6', '### oc-config', 'absent', '### oc-paths', ...paths, '### oc-listen', '### oc-secrets', 'none', '### oc-unit', 'no-bus', 'linger no'].join('\n')
}
const GOOD = ['d|700|ocss|.', 'f|600|ocss|./openclaw.json', 'f|600|ocss|./openclaw.json.bak', 'd|700|ocss|./credentials', 'f|600|ocss|./credentials/telegram.json', 'f|600|ocss|./agents/main/agent/auth-profiles.json', 'f|600|ocss|./agents/main/sessions/sessions.json', 'f|600|ocss|./state/openclaw.sqlite', 'f|600|ocss|./state/openclaw.sqlite-wal']
const evaluate = (paths: readonly string[]) => credentialPermissions.evaluate({ exitCode: 0, stdout: out(paths) })

describe('credential-permissions', () => {
  it('passes with owner-only modes; stricter modes are fine', () => {
    expect(evaluate(GOOD)).toMatchObject({ status: 'pass' })
    expect(evaluate([...GOOD, 'f|400|ocss|./credentials/x.json'])).toMatchObject({ status: 'pass' })
    expect(evaluate(GOOD).evidence).toContain('~/.openclaw/openclaw.json: file 600 ocss')
  })

  it('fails for an open state folder, config, credential folder or SQLite file, naming the path and the mode wanted', () => {
    expect(evaluate(GOOD.map((l) => l.replace('d|700|ocss|.', 'd|755|ocss|.'))).summary).toMatch(/~\/\.openclaw is 755 \(want 700\)/)
    expect(evaluate(GOOD.map((l) => l.replace('f|600|ocss|./openclaw.json', 'f|644|ocss|./openclaw.json'))).summary).toMatch(/openclaw\.json is 644 \(want 600\)/)
    expect(evaluate(GOOD.map((l) => l.replace('d|700|ocss|./credentials', 'd|755|ocss|./credentials'))).status).toBe('fail')
    expect(evaluate(GOOD.map((l) => l.replace('f|600|ocss|./state/openclaw.sqlite-wal', 'f|640|ocss|./state/openclaw.sqlite-wal'))).status).toBe('fail')
  })

  it('fails for a symlink at a credential path or a file of another owner', () => {
    expect(evaluate([...GOOD, 'l|777|ocss|./agents/main/agent/auth-profiles.json']).summary).toMatch(/auth-profiles\.json is a symlink/)
    expect(evaluate(['l|777|ocss|.']).status).toBe('fail')
    expect(evaluate([...GOOD, 'f|600|root|./credentials/y.json']).summary).toMatch(/belongs to root, not ocss/)
  })

  it('leaves OpenClaw\'s own 755 folders alone', () => {
    expect(evaluate([...GOOD, 'd|755|ocss|./agents/main/sessions', 'd|755|ocss|./agents'])).toMatchObject({ status: 'pass' })
  })

  it('has no state folder to judge before onboarding', () => {
    expect(evaluate([])).toMatchObject({ status: 'fail', summary: expect.stringMatching(/no OpenClaw state folder/) })
  })
})

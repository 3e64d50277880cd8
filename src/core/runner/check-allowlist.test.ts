import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { stepById, stepsFor } from '../../catalog'
import { allowlistParams, checkAllowlist } from './check-allowlist'
import { jobFiles } from './job'

describe("the check launcher's allowlist", () => {
  it('lists the SHA-256 of every SSH check exactly as sent (after includes, one trailing newline)', () => {
    const lines = checkAllowlist().split('\n')
    expect(lines.map((l) => l.split('  ')[1])).toEqual(stepsFor('ssh').map((s) => s.meta.id))
    const ufw = stepById('ufw-firewall')
    const sent = `${ufw?.scripts.check.replace(/\n+$/, '')}\n`
    expect(lines).toContain(`${createHash('sha256').update(sent).digest('hex')}  ufw-firewall`)
    expect(sent).not.toContain('# @include')
  })

  it('reaches a job only when it holds the launcher step', () => {
    expect(allowlistParams(['ufw-firewall'])).toEqual({})
    expect(allowlistParams(['sudo-check-launcher']).CHECK_ALLOWLIST).toBe(checkAllowlist())
    const env = (ids: string[]) => jobFiles(ids.map((stepId) => ({ stepId, action: 'check' as const }))).files.find((f) => f.name === 'job.env')?.data ?? ''
    expect(env(['ufw-firewall'])).toBe('')
    expect(env(['sudo-check-launcher'])).toMatch(/^CHECK_ALLOWLIST=/)
  })
})

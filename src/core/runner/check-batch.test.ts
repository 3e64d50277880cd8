import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { batchParams, parseBatchAudit } from './check-batch'
import { jobLaunch } from './job'

describe('batchParams', () => {
  it('carries the launcher, a manifest that hashes to HASH, and one script per check', () => {
    const p = batchParams([{ stepId: 'ufw-firewall', action: 'check' }, { stepId: 'ufw-firewall', action: 'check' }], 'abcdef0123456789')
    expect(p.LAUNCH).toBe(jobLaunch)
    expect(p.JOB_ID).toBe('abcdef0123456789')
    const names = Array.from({ length: Number(p.FILE_COUNT) }, (_, i) => p[`FILE_${i}_NAME`])
    expect(names).toEqual(['run.sh', '0.sh', '1.sh', 'job.list', 'job.env', 'manifest'])
    const manifest = p[`FILE_${names.indexOf('manifest')}_DATA`] ?? ''
    expect(createHash('sha256').update(`${manifest}\n`).digest('hex')).toBe(p.HASH)
    expect(p[`FILE_${names.indexOf('job.list')}_DATA`]).toBe('0 check ufw-firewall Host firewall (UFW)\n1 check ufw-firewall Host firewall (UFW)')
  })
})

describe('parseBatchAudit', () => {
  const b64 = (t: string) => Buffer.from(t).toString('base64')
  it('reads the audit part after the items: the account, its exit code, stdout and stderr', () => {
    const out = `launch 0\nitem 0 0\n${b64('### ufw-status\n')}\naudit openclaw 0\n${b64('ocss-audit run\n{}\n')}\n${b64('warn\n')}\n`
    expect(parseBatchAudit(out)).toEqual({ kind: 'ran', user: 'openclaw', exitCode: 0, stdout: 'ocss-audit run\n{}\n', stderr: 'warn\n' })
  })
  it('says when the account does not exist, and gives null when the batch ran no audit', () => {
    expect(parseBatchAudit('launch 0\naudit-none openclaw\n')).toEqual({ kind: 'none', user: 'openclaw' })
    expect(parseBatchAudit(`launch 0\nitem 0 0\n${b64('audit x 1')}\n`)).toBeNull()
  })
})

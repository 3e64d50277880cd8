import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jobFiles, parseCollected, recordsFrom } from './job'
import collectScript from './collect.sh?raw'

describe('jobs', () => {
  it('stages the runner, the list and one script per item', () => {
    const files = jobFiles([{ stepId: 'ufw-firewall', action: 'apply' }, { stepId: 'ufw-firewall', action: 'check' }])
    expect(files.map((f) => f.name)).toEqual(['run.sh', '0.sh', '1.sh', 'job.list'])
    expect(files.find((f) => f.name === 'job.list')?.data).toBe('0 apply ufw-firewall Host firewall (UFW)\n1 check ufw-firewall Host firewall (UFW)\n')
  })

  it('refuses unknown steps', () => {
    expect(() => jobFiles([{ stepId: 'rm-rf', action: 'apply' }])).toThrow(/no step/)
  })

  it('runs the real job runner and collector locally and evaluates the result', () => {
    // The runner normally runs as root on the target; here it runs as the test user on scripts we control.
    const home = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const dir = join(home, '.cache/openclaw-secure-setup/jobs/abc')
    mkdirSync(dir, { recursive: true })
    for (const f of jobFiles([{ stepId: 'ufw-firewall', action: 'check' }])) writeFileSync(join(dir, f.name), f.data)
    writeFileSync(join(dir, '0.sh'), 'printf "### ufw-status\\nStatus: inactive\\n### sshd-ports\\n22\\n"\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('checking: Host firewall (UFW)')
    const collected = spawnSync('bash', ['-c', collectScript], { encoding: 'utf8', env: { ...process.env, HOME: home, OCSS_JOB_DIR: dir } })
    expect(collected.status).toBe(0)
    expect(existsSync(dir)).toBe(false)
    const results = parseCollected(collected.stdout, [{ stepId: 'ufw-firewall', action: 'check' }])
    expect(results[0]?.exitCode).toBe(0)
    const [record] = recordsFrom(results, new Date('2026-01-01T00:00:00Z'))
    expect(record).toMatchObject({ stepId: 'ufw-firewall', status: 'fail', checkedAt: '2026-01-01T00:00:00.000Z' })
    expect(record?.evidence).toContain('Status: inactive')
  })

  it('the collector refuses folders outside its own job area', () => {
    const r = spawnSync('bash', ['-c', collectScript], { encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent', OCSS_JOB_DIR: '/etc' } })
    expect(r.status).toBe(2)
    expect(readFileSync('/etc/hostname', 'utf8').length).toBeGreaterThan(0)
  })

  it('the runner stops after a failed apply but still records checks', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const dir = join(home, 'j')
    mkdirSync(dir)
    for (const f of jobFiles([{ stepId: 'ufw-firewall', action: 'apply' }, { stepId: 'ufw-firewall', action: 'undo' }, { stepId: 'ufw-firewall', action: 'check' }])) writeFileSync(join(dir, f.name), f.data)
    writeFileSync(join(dir, '0.sh'), 'exit 5\n')
    writeFileSync(join(dir, '2.sh'), 'echo checked\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.status).toBe(5)
    expect(readFileSync(join(dir, '1.rc'), 'utf8').trim()).toBe('skipped')
    expect(readFileSync(join(dir, '2.out'), 'utf8')).toBe('checked\n')
  })
})

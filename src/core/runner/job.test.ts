import { createHash, randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jobFiles, parseCollected, recordsFrom } from './job'
import collectScript from './collect.sh?raw'

/**
 * Test hook: the shipped collector with its fixed results folder swapped for a test folder, by rewriting the script
 * text (the script has no parameter or variable for it, so nothing on a target can redirect it).
 */
function collectorReadingFrom(base: string): string {
  const fixed = '/var/lib/openclaw-secure-setup/results/'
  expect(collectScript.split(fixed)).toHaveLength(2)
  return collectScript.replace(fixed, `${base}/`)
}

/** Writes the files as stage.sh does (content plus a newline). */
function stage(dir: string, files: { name: string; data: string }[]): void {
  mkdirSync(dir, { recursive: true })
  for (const f of files) writeFileSync(join(dir, f.name), `${f.data}\n`)
}

describe('jobs', () => {
  it('stages the runner, scripts, list, parameters and a manifest of them all', () => {
    const { files, manifestHash } = jobFiles([{ stepId: 'ufw-firewall', action: 'apply' }, { stepId: 'ufw-firewall', action: 'check' }], { SSH_PORT: '2222' })
    expect(files.map((f) => f.name)).toEqual(['run.sh', '0.sh', '1.sh', 'job.list', 'job.env', 'manifest'])
    expect(files.find((f) => f.name === 'job.list')?.data).toBe('0 apply ufw-firewall Host firewall (UFW)\n1 check ufw-firewall Host firewall (UFW)')
    expect(files.find((f) => f.name === 'job.env')?.data).toBe(`SSH_PORT=${Buffer.from('2222').toString('base64')}`)
    const dir = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    stage(dir, files)
    // The manifest on disk verifies with sha256sum, and its own hash is the one the launcher is given.
    expect(spawnSync('sha256sum', ['--strict', '-c', 'manifest'], { cwd: dir, encoding: 'utf8' }).status).toBe(0)
    expect(createHash('sha256').update(readFileSync(join(dir, 'manifest'))).digest('hex')).toBe(manifestHash)
  })

  it('refuses unknown steps', () => {
    expect(() => jobFiles([{ stepId: 'rm-rf', action: 'apply' }])).toThrow(/no step/)
  })

  it('runs the real job runner and collector locally and evaluates the result', () => {
    // The runner normally runs as root in a verified copy; here it runs as the test user on scripts we control.
    const home = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const dir = join(home, '.cache/openclaw-secure-setup/jobs/abc')
    const { files } = jobFiles([{ stepId: 'ufw-firewall', action: 'check' }], { SSH_PORT: '2222' })
    stage(dir, files)
    writeFileSync(join(dir, '0.sh'), 'printf "### ufw-status\\nStatus: inactive\\n### sshd-ports\\n%s\\n" "$OCSS_SSH_PORT"\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('checking: Host firewall (UFW)')
    const collected = spawnSync('bash', ['-c', collectorReadingFrom(join(home, '.cache/openclaw-secure-setup/jobs'))], { encoding: 'utf8', env: { ...process.env, HOME: home, OCSS_JOB_DIR: dir, OCSS_JOB_ID: 'abc' } })
    expect(collected.status).toBe(0)
    expect(existsSync(dir)).toBe(false)
    const results = parseCollected(collected.stdout, [{ stepId: 'ufw-firewall', action: 'check' }])
    expect(results[0]).toMatchObject({ exitCode: 0, output: expect.stringContaining('2222') })
    const [record] = recordsFrom(results, new Date('2026-01-01T00:00:00Z'))
    expect(record).toMatchObject({ stepId: 'ufw-firewall', status: 'fail', checkedAt: '2026-01-01T00:00:00.000Z' })
    expect(record?.evidence).toContain('Status: inactive')
  })

  it('the collector reads the fixed root-owned results folder, whatever OCSS_RESULTS_BASE the environment sets', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const id = randomBytes(8).toString('hex')
    const dir = join(home, '.cache/openclaw-secure-setup/jobs', id)
    stage(dir, jobFiles([{ stepId: 'ufw-firewall', action: 'check' }]).files)
    const forged = join(home, 'forged')
    mkdirSync(join(forged, id), { recursive: true })
    writeFileSync(join(forged, id, '0.rc'), '0\n')
    writeFileSync(join(forged, id, '0.out'), '### ufw-status\nStatus: active\n')
    const r = spawnSync('bash', ['-c', collectScript], { encoding: 'utf8', env: { ...process.env, HOME: home, OCSS_JOB_DIR: dir, OCSS_JOB_ID: id, OCSS_RESULTS_BASE: forged } })
    expect(r.status).toBe(0)
    // This machine has no results for the random id under /var/lib/openclaw-secure-setup: nothing, not the forgery.
    expect(r.stdout).toBe('item 0 none\n\n')
  })

  it('the collector refuses folders outside its own job area and bad job ids', () => {
    expect(spawnSync('bash', ['-c', collectScript], { encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent', OCSS_JOB_DIR: '/etc', OCSS_JOB_ID: 'ab' } }).status).toBe(2)
    expect(spawnSync('bash', ['-c', collectScript], { encoding: 'utf8', env: { ...process.env, HOME: '/h', OCSS_JOB_DIR: '/h/.cache/openclaw-secure-setup/jobs/x', OCSS_JOB_ID: '../x' } }).status).toBe(2)
  })

  it('the runner receives parameters whose base64 ends in "=" and "==" intact, without complaints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const params = { SSH_PORT: '22', ONE_PAD: 'ab', TWO_PAD: 'a', NONE: 'abc' }
    const { files } = jobFiles([{ stepId: 'ufw-firewall', action: 'check' }], params)
    const env = files.find((f) => f.name === 'job.env')?.data ?? ''
    expect(env).toMatch(/^SSH_PORT=MjI=$/m)
    expect(env).toMatch(/^ONE_PAD=YWI=$/m)
    expect(env).toMatch(/^TWO_PAD=YQ==$/m)
    stage(dir, files)
    writeFileSync(join(dir, '0.sh'), 'printf "[%s]" "$OCSS_SSH_PORT" "$OCSS_ONE_PAD" "$OCSS_TWO_PAD" "$OCSS_NONE"\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(readFileSync(join(dir, '0.out'), 'utf8')).toBe('[22][ab][a][abc]')
  })

  it('the runner stops after a failed apply but still records checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const { files } = jobFiles([{ stepId: 'ufw-firewall', action: 'apply' }, { stepId: 'ufw-firewall', action: 'undo' }, { stepId: 'ufw-firewall', action: 'check' }])
    stage(dir, files)
    writeFileSync(join(dir, '0.sh'), 'exit 5\n')
    writeFileSync(join(dir, '2.sh'), 'echo checked\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.status).toBe(5)
    expect(readFileSync(join(dir, '1.rc'), 'utf8').trim()).toBe('skipped')
    expect(readFileSync(join(dir, '2.out'), 'utf8')).toBe('checked\n')
  })

  it("exports each item's own inputs as OCSS_IN_<NAME> to that item only, values intact", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const odd = "a b 'c' \"d\" $(id) ; é="
    const { files } = jobFiles(
      [
        { stepId: 'ufw-firewall', action: 'check', inputs: { PORT: '2222', ODD: odd } },
        { stepId: 'ufw-firewall', action: 'check' },
        { stepId: 'ufw-firewall', action: 'check', inputs: { PORT: '3333' } },
      ],
      { OC_USER: 'openclaw' },
    )
    expect(files.map((f) => f.name)).toEqual(['run.sh', '0.sh', '0.env', '1.sh', '2.sh', '2.env', 'job.list', 'job.env', 'manifest'])
    stage(dir, files)
    for (const n of [0, 1, 2]) writeFileSync(join(dir, `${n}.sh`), 'printf "[%s][%s][%s]" "${OCSS_IN_PORT-unset}" "${OCSS_IN_ODD-unset}" "$OCSS_OC_USER"\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(readFileSync(join(dir, '0.out'), 'utf8')).toBe(`[2222][${odd}][openclaw]`)
    expect(readFileSync(join(dir, '1.out'), 'utf8')).toBe('[unset][unset][openclaw]')
    expect(readFileSync(join(dir, '2.out'), 'utf8')).toBe('[3333][unset][openclaw]')
  })

  it('refuses input names and values that are not one line', () => {
    expect(() => jobFiles([{ stepId: 'ufw-firewall', action: 'check', inputs: { 'bad name': 'x' } }])).toThrow(/not an input name/)
    expect(() => jobFiles([{ stepId: 'ufw-firewall', action: 'check', inputs: { NAME: 'a\nb' } }])).toThrow(/one line/)
  })

  it('runs an extra action like apply (terminal attached, later actions skipped on failure) and refuses unknown ones', () => {
    expect(() => jobFiles([{ stepId: 'ufw-firewall', action: 'rotate' }])).toThrow(/has no action "rotate"/)
    const dir = mkdtempSync(join(tmpdir(), 'ocss-job-'))
    const { files } = jobFiles([{ stepId: 'ufw-firewall', action: 'apply' }, { stepId: 'ufw-firewall', action: 'check' }])
    const list = files.find((f) => f.name === 'job.list')
    if (list) list.data = '0 rotate ufw-firewall T\n1 apply ufw-firewall T'
    stage(dir, files)
    writeFileSync(join(dir, '0.sh'), 'echo rotated; exit 3\n')
    writeFileSync(join(dir, '1.sh'), 'echo applied\n')
    const run = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' })
    expect(run.stdout).toContain('=== rotate: T (ufw-firewall)')
    expect(run.stdout).toContain('rotated')
    expect(run.stdout).not.toContain('applied')
    expect(run.status).toBe(3)
    expect(readFileSync(join(dir, '0.rc'), 'utf8').trim()).toBe('3')
    expect(readFileSync(join(dir, '1.rc'), 'utf8').trim()).toBe('skipped')
  })
})

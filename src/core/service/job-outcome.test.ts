import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../app-error'
import type { ItemResult } from '../runner/job'
import { jobOutcome, lostOutcome } from './job-outcome'

const fixtures = join(__dirname, '../../catalog/ufw-firewall/fixtures')
const ufwPass = readFileSync(join(fixtures, readdirSync(fixtures).find((f) => f.endsWith('.pass.txt')) ?? ''), 'utf8')
const apply: ItemResult['item'] = { stepId: 'ufw-firewall', action: 'apply' }
const check: ItemResult['item'] = { stepId: 'ufw-firewall', action: 'check' }

describe('jobOutcome', () => {
  it('a drop before the job finished reads interrupted, never passed', () => {
    const o = jobOutcome('apply', 255, [{ item: apply, exitCode: 0, output: '' }, { item: check, exitCode: null, output: '' }], true, 2)
    expect(o).toMatchObject({ ok: false, interrupted: true, message: expect.stringMatching(/interrupted: the connection dropped before it finished \(1 of 2/) })
    expect(o.records).toEqual([expect.objectContaining({ stepId: 'ufw-firewall', status: 'interrupted' })])
  })

  it('nothing ran and no drop: sudo did not start the job', () => {
    expect(() => jobOutcome('apply', 1, [{ item: apply, exitCode: null, output: '' }], false, 2)).toThrow(/sudo did not start the job/)
  })

  it('nothing ran after a drop: interrupted, not a sudo failure', () => {
    expect(jobOutcome('check', 255, [], true, 1)).toMatchObject({ interrupted: true, ok: false })
  })

  it('a job that finished despite a drop of the terminal is judged on its results', () => {
    const o = jobOutcome('check', 255, [{ item: check, exitCode: 0, output: ufwPass }], true, 1)
    expect(o.interrupted).toBe(false)
    expect(o.records[0]?.status).toBe('pass')
  })

  it('a finished check job: ok only when every check passes', () => {
    expect(jobOutcome('check', 0, [{ item: check, exitCode: 0, output: ufwPass }], false, 1)).toMatchObject({ ok: true, interrupted: false, message: 'All 1 check(s) pass.' })
    expect(jobOutcome('check', 0, [{ item: check, exitCode: 0, output: '### status\nStatus: inactive\n### exit\n0\n' }], false, 1)).toMatchObject({ ok: false, message: '1 of 1 check(s) do not pass.' })
  })

  it('results that cannot be read after a drop mark every step interrupted', () => {
    const o = lostOutcome('check', ['ufw-firewall'], new AppError('CONNECTION_FAILED', 'The connection to x was lost.', ''))
    expect(o).toMatchObject({ ok: false, interrupted: true, message: expect.stringMatching(/^The check was interrupted: The connection to x was lost\./) })
    expect(o.records.map((r) => r.status)).toEqual(['interrupted'])
  })
})

import { describe, expect, it } from 'vitest'
import { openclawInstall } from '../catalog/openclaw-install/step'
import { stepJobParams } from '../core/service/step-jobs'
import { TEST_JOB_PARAMS_ENV, testJobParams } from './test-job-params'

const run = (value: string | undefined) => {
  const warnings: string[] = []
  const params = testJobParams(value === undefined ? {} : { [TEST_JOB_PARAMS_ENV]: value }, (l) => warnings.push(l))
  return { params, warnings }
}

describe('the CLI test seam for job parameters (OCSS_TEST_JOB_PARAMS)', () => {
  it('is off unless set, and then the pins of openclaw-install reach its jobs', () => {
    expect(run(undefined)).toEqual({ params: undefined, warnings: [] })
    expect(stepJobParams([{ stepId: 'openclaw-install', action: 'apply' }])).toEqual(openclawInstall.jobParams?.())
    expect(stepJobParams([{ stepId: 'ufw-firewall', action: 'apply' }])).toEqual({})
  })

  it('replaces a step parameter, with a warning naming it', () => {
    const sha = 'a'.repeat(64)
    const { params, warnings } = run(JSON.stringify({ NODE_SHA256_X64: sha }))
    expect(params).toEqual({ NODE_SHA256_X64: sha })
    expect(warnings.join('\n')).toMatch(/WARNING: OCSS_TEST_JOB_PARAMS is set: the pinned values NODE_SHA256_X64 are replaced/)
  })

  it('refuses names no step defines (SSH_PORT, OC_USER, inputs), bad values and bad JSON', () => {
    expect(() => run(JSON.stringify({ SSH_PORT: '22' }))).toThrow(/"SSH_PORT", which is not a step parameter/)
    expect(() => run(JSON.stringify({ OC_USER: 'root' }))).toThrow(/"OC_USER"/)
    expect(() => run(JSON.stringify({ NODE_SHA256_X64: 'x\n' }))).toThrow(/NODE_SHA256_X64/)
    expect(() => run('[1]')).toThrow(/must be a JSON object/)
    expect(() => run('{')).toThrow(/is not JSON/)
  })
})

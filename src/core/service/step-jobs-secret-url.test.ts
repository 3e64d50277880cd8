import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { stepById } from '../../catalog'
import { checkVersion } from '../runner/job'
import { secretUrlHashes, StepJobs, type StepJobsHost } from './step-jobs'

// StepJobs with an in-memory store and a target that cannot stage (the run stops there, after the inputs were
// judged and kept): what the app keeps of a 'secret-url' input is its SHA-256, never the URL.
const URL_ = 'https://hc-ping.com/0b6c7d3e-1a2b-4c5d-8e9f-SECRET0001'
const sha = (s: string) => createHash('sha256').update(s).digest('hex')

function world(saved: Record<string, string> = {}) {
  const inputs: Record<string, Record<string, string>> = { 'health-ping': saved }
  const saves: Record<string, string>[] = []
  const gatewayService = stepById('gateway-service')
  if (!gatewayService) throw new Error('no gateway-service step')
  const store = {
    stepInputs: (_key: string, stepId: string) => inputs[stepId] ?? {},
    saveStepInputs: (_key: string, stepId: string, values: Record<string, string>) => {
      saves.push({ ...values })
      inputs[stepId] = { ...values }
    },
    target: () => ({ items: { 'gateway-service': { status: 'pass', checkVersion: checkVersion(gatewayService) } } }),
  }
  const target = { key: 'k', kind: 'ssh', label: 'lab' }
  const host = {
    store,
    progress: { started: () => undefined, clear: () => undefined, current: () => null },
    keys: { guardFor: () => null, jobNote: () => null },
    instance: 'test',
    target: () => target,
    sudo: () => 'root',
    sudoPassword: () => null,
    sessionRunning: () => false,
  } as unknown as StepJobsHost
  return { jobs: new StepJobs(host), saves, inputs }
}

describe('StepJobs and a secret-url input (health-ping PING_URL)', () => {
  it('keeps only the SHA-256 of a typed ping URL, and gives it to the checks as PING_URL_SHA256', async () => {
    const w = world()
    await expect(w.jobs.run({ stepId: 'health-ping', action: 'apply', inputs: { PING_URL: URL_ } })).rejects.toThrow()
    expect(w.saves).toEqual([{ PING_URL_SHA256: sha(URL_) }])
    expect(JSON.stringify(w.inputs)).not.toContain('SECRET0001')
    expect(w.jobs.envFor('k').inputsFor?.('health-ping')).toEqual({ PING_URL_SHA256: sha(URL_) })
  })

  it('a later run without the URL keeps the earlier hash; a new URL replaces it; a saved value that is no hash is ignored', async () => {
    const w = world({ PING_URL_SHA256: sha('https://hc-ping.com/old') })
    await expect(w.jobs.run({ stepId: 'health-ping', action: 'apply' })).rejects.toThrow()
    expect(w.saves).toEqual([])
    await expect(w.jobs.run({ stepId: 'health-ping', action: 'apply', inputs: { PING_URL: URL_ } })).rejects.toThrow()
    expect(w.saves).toEqual([{ PING_URL_SHA256: sha(URL_) }])
    expect(world({ PING_URL_SHA256: 'not-a-hash' }).jobs.envFor('k').inputsFor?.('health-ping')).toEqual({})
  })

  it('an http:// ping URL is refused before anything is kept or run', async () => {
    const w = world()
    await expect(w.jobs.run({ stepId: 'health-ping', action: 'apply', inputs: { PING_URL: 'http://hc-ping.com/x' } })).rejects.toThrow(/must start with https:\/\//)
    expect(w.saves).toEqual([])
  })

  it('secretUrlHashes hashes exactly the typed value (UTF-8), by <NAME>_SHA256', () => {
    const step = stepById('health-ping')
    if (!step) throw new Error('no health-ping step')
    expect(secretUrlHashes(step, { PING_URL: URL_ })).toEqual({ PING_URL_SHA256: sha(URL_) })
    expect(secretUrlHashes(step, {})).toEqual({})
  })
})

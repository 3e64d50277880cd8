import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labTarget } from '../../../test/helpers/lab-target'
import { onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys, runChecks, runJob } from '../../../test/helpers/step-contract'
import { startLab, type Lab } from '../../../test/lab/lab'

// The presets other than messaging (tool-policy.lab.test.ts has the step contract) on the real OpenClaw: the coding
// preset refused while the machine's sandbox is not "all", the custom preset with its groups, the coding preset once
// agents.defaults.sandbox.mode is "all" (set by hand here, as the sandbox-docker step would), and undo back to the start.
const KEYS = ['tools.profile', 'tools.deny', 'tools.exec', 'tools.fs', 'agents.defaults.sandbox']
const STEP = 'tool-policy'
let lab: Lab
let target: ReturnType<typeof labTarget>
const params = (inputs: Record<string, string>) => ({ OC_USER: 'ocss', ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`IN_${k}`, v])) })
const check = async (inputs: Record<string, string>) => (await runChecks(target, [STEP], params(inputs))).records[0]

beforeAll(async () => {
  lab = await startLab()
  target = labTarget(lab)
  await onboardLabOpenClaw(lab)
  await openclawByHand(lab, ['config', 'set', 'tools.elevated.enabled', 'false', '--strict-json'])
}, 900_000)
afterAll(async () => {
  await target?.dispose()
  await lab?.stop()
})

describe('tool-policy presets on the lab', () => {
  let start = ''
  it('coding in the sandbox: refused, changing nothing, while agents.defaults.sandbox.mode is not "all" on the machine', async () => {
    start = await openclawKeys(lab, KEYS)
    const files = await openclawFiles(lab)
    const run = await runJob(target, [{ stepId: STEP, action: 'apply' }], params({ PRESET: 'coding-sandbox' }))
    expect(run.exitCode).not.toBe(0)
    expect(`${run.stdout}\n${run.stderr}`).toContain('agents.defaults.sandbox.mode is unset (off), not "all"')
    expect(`${run.stdout}\n${run.stderr}`).toContain('Nothing was changed.')
    expect(await openclawKeys(lab, KEYS)).toBe(start)
    expect(await openclawFiles(lab)).toBe(files)
  }, 600_000)

  it('custom: the chosen groups denied, commands off with group:runtime; the check passes for that choice only', async () => {
    const inputs = { PRESET: 'custom', DENY_GROUPS: 'group:web,group:runtime' }
    const run = await runJob(target, [{ stepId: STEP, action: 'apply' }], params(inputs))
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
    expect(await openclawKeys(lab, ['tools.deny', 'tools.exec.mode', 'tools.profile'])).toBe('tools.deny=["group:web","group:runtime"]\ntools.exec.mode="deny"\ntools.profile="coding"')
    expect(await check(inputs)).toMatchObject({ status: 'pass' })
    expect(await check({ PRESET: 'custom', DENY_GROUPS: 'group:web,group:fs' })).toMatchObject({ status: 'fail', summary: expect.stringContaining('tools.deny lacks group:fs') })
    expect(await check({ PRESET: 'messaging' })).toMatchObject({ status: 'fail' })
  }, 600_000)

  it('coding in the sandbox: applied once the sandbox mode is "all"; the check reads that mode from the machine', async () => {
    await openclawByHand(lab, ['config', 'set', 'agents.defaults.sandbox.mode', 'all'])
    const run = await runJob(target, [{ stepId: STEP, action: 'apply' }], params({ PRESET: 'coding-sandbox' }))
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
    expect(await check({ PRESET: 'coding-sandbox' })).toMatchObject({ status: 'pass' })
    await openclawByHand(lab, ['config', 'set', 'agents.defaults.sandbox.mode', 'non-main'])
    expect(await check({ PRESET: 'coding-sandbox' })).toMatchObject({ status: 'fail', summary: expect.stringContaining('agents.defaults.sandbox.mode is "non-main", not "all"') })
    await openclawByHand(lab, ['config', 'unset', 'agents.defaults.sandbox'])
  }, 600_000)

  it('undo after two presets brings back the keys as they were before the first', async () => {
    const run = await runJob(target, [{ stepId: STEP, action: 'undo' }], params({}))
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
    expect(await openclawKeys(lab, KEYS)).toBe(start)
  }, 600_000)
})

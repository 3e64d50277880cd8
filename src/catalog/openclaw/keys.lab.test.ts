import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { registryProblems } from './keys-check'
import type { SchemaNode } from './schema-path'

let lab: Lab
beforeAll(async () => {
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

describe('OPENCLAW_KEYS against the live `openclaw config schema` of the lab\'s OpenClaw', () => {
  it('every key exists with the registered type and choices', async () => {
    const r = await lab.exec(['openclaw', 'config', 'schema'], { user: 'ocss', timeoutMs: 120_000 })
    expect(r.code, r.stderr).toBe(0)
    const schema = JSON.parse(r.stdout) as SchemaNode
    expect(registryProblems(schema)).toEqual([])
  })
})

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { ensureAccount, runStepScript, snapshot } from '../openclaw-onboard/oc-step-lab'
import { openclawOnboard } from '../openclaw-onboard/step'
import { auditFresh } from '../audit-fresh/step'
import { evaluateToken, gatewayToken } from './step'

// The real OpenClaw 2026.9.6 in the lab, as the account "openclaw"; onboarded by the onboarding step first.
const ENV = { OCSS_OC_USER: 'openclaw' }
const HOME = '/home/openclaw'
let lab: Lab
const check = async () => {
  const out = (await runStepScript(lab, gatewayToken, 'check', ENV)).stdout
  return { out, v: evaluateToken({ exitCode: 0, stdout: out }) }
}
const sh = async (cmd: string, input?: string) => (await lab.exec(['bash', '-c', cmd], input === undefined ? {} : { input })).stdout
/** As the account, with the value on stdin (never in argv): what a person does by hand with OpenClaw's own CLI. */
const asAccount = async (args: string, input: string) => {
  const r = await lab.exec(['bash', '-c', `cd && openclaw ${args}`], { user: 'openclaw', input })
  if (r.code !== 0) throw new Error(`openclaw ${args}: ${r.stderr}`)
}
const storedToken = async () => (await sh(`/usr/bin/python3 -c 'import sqlite3; r=sqlite3.connect("file:${HOME}/.openclaw/state/openclaw.sqlite?mode=ro", uri=True).execute("select value from secret_store_entries where name=\\"GATEWAY_TOKEN\\" and deleted_at_ms is null").fetchone(); print(r[0] if r else "")'`)).trim()
const apply = async () => {
  const r = await runStepScript(lab, gatewayToken, 'apply', ENV)
  expect(r.code, r.stdout + r.stderr).toBe(0)
  return r
}

beforeAll(async () => {
  lab = await startLab()
  await ensureAccount(lab)
  const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
  if (r.code !== 0) throw new Error(`onboarding failed: ${r.stdout}${r.stderr}`)
}, 900_000)
afterAll(async () => { await lab?.stop() })

describe('gateway-token on the lab (real OpenClaw)', () => {
  let onboarded = ''
  it('after onboarding the check passes: 64 characters, in the secret store (the pass fixture is what the lab prints)', async () => {
    const { out, v } = await check()
    expect(out).not.toContain(await storedToken())
    expect(v).toMatchObject({ status: 'pass' })
    expect(v.evidence).toContain('token: 64 characters, in the secret store')
    expect(evaluateToken({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures/store-64.pass.txt'), 'utf8') })).toEqual(v)
    onboarded = await snapshot(lab, `${HOME}/.openclaw`)
  })

  it('apply on a good state changes nothing (no write, no new .bak)', async () => {
    const token = await storedToken()
    const r = await apply()
    expect(r.stdout).toMatch(/changing nothing/)
    expect(await snapshot(lab, `${HOME}/.openclaw`)).toBe(onboarded)
    expect(await storedToken()).toBe(token)
  })

  it('a plaintext token put in by hand fails "move it to the secret store"; apply moves it there without echoing it', async () => {
    const canary = `CANARY${randomBytes(29).toString('hex')}`.slice(0, 64)
    await asAccount('config patch --stdin', `{gateway:{auth:{token:${JSON.stringify(canary)}}}}`)
    const before = await check()
    expect(before.out).not.toContain(canary)
    expect(before.v.summary).toMatch(/plain text in openclaw\.json \(64 characters\): move it to the secret store/)
    const r = await apply()
    expect(r.stdout + r.stderr).not.toContain(canary)
    expect(r.stdout).toMatch(/moving it into the secret store/)
    expect(await storedToken()).toBe(canary)
    expect(await sh(`cat ${HOME}/.openclaw/openclaw.json`)).not.toContain(canary)
    expect((await check()).v.status).toBe('pass')
  }, 300_000)

  it('a 32-character token (OpenClaw accepts it) fails "shorter than the guide\'s 64"; apply replaces it', async () => {
    await asAccount('secrets store set GATEWAY_TOKEN --kind secret --value-file -', randomBytes(16).toString('hex'))
    const { v } = await check()
    expect(v.summary).toMatch(/shorter than the guide's 64/)
    await apply()
    const t = await storedToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect((await check()).v.status).toBe('pass')
  }, 300_000)

  it('an env reference fails as unverifiable by root; apply switches it to the store', async () => {
    await asAccount('config patch --stdin', '{gateway:{auth:{token:{source:"env",provider:"default",id:"OPENCLAW_GATEWAY_TOKEN"}}}}')
    expect((await check()).v.summary).toMatch(/root cannot verify/)
    await apply()
    const conf = JSON.parse(await sh(`cat ${HOME}/.openclaw/openclaw.json`)) as { gateway: { auth: unknown } }
    expect(conf.gateway.auth).toEqual({ mode: 'token', token: { source: 'store', provider: 'default', id: 'GATEWAY_TOKEN' } })
    expect((await check()).v.status).toBe('pass')
  }, 300_000)

  it('auth mode none by hand fails; apply turns token auth back on', async () => {
    await asAccount('config patch --stdin', '{gateway:{auth:{mode:"none"}}}')
    expect((await check()).v.summary).toMatch(/^Token auth is off/)
    await apply()
    expect((await check()).v.status).toBe('pass')
  }, 300_000)

  it('rotate stores a new 64-character token; without a running gateway it says so', async () => {
    const old = await storedToken()
    const conf = await sh(`sha256sum < ${HOME}/.openclaw/openclaw.json`)
    const r = await runStepScript(lab, gatewayToken, 'rotate', ENV)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const t = await storedToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(t).not.toBe(old)
    expect(r.stdout + r.stderr).not.toContain(t)
    expect(r.stdout).toMatch(/gateway service is not running/)
    expect(await sh(`sha256sum < ${HOME}/.openclaw/openclaw.json`)).toBe(conf) // already a store ref: no config write
    expect((await check()).v.status).toBe('pass')
    // Rotate audits after it: "security audit after every config change" passes.
    expect(r.stdout).toMatch(/^audit critical=\d+ warn=\d+ info=\d+$/m)
    const fresh = auditFresh.evaluate({ exitCode: 0, stdout: (await runStepScript(lab, auditFresh, 'check', ENV)).stdout })
    expect(fresh.status, fresh.summary).toBe('pass')
  }, 300_000)

  it('undo changes nothing and says why', async () => {
    const before = await snapshot(lab, `${HOME}/.openclaw`)
    const r = await runStepScript(lab, gatewayToken, 'undo', ENV)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Nothing to undo: .*turning it off would leave the gateway open/)
    expect(await snapshot(lab, `${HOME}/.openclaw`)).toBe(before)
  })
})

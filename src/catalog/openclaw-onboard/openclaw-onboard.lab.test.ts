import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { hideOpenClaw } from '../../../test/helpers/openclaw-lab'
import { ensureAccount, runStepScript, snapshot } from './oc-step-lab'
import { auditFresh } from '../audit-fresh/step'
import { evaluateOnboard, openclawOnboard } from './step'

// The real OpenClaw 2026.9.6 in the lab, run as a dedicated account "openclaw" (OCSS_OC_USER, as the service sends it).
const ENV = { OCSS_OC_USER: 'openclaw' }
const HOME = '/home/openclaw'
let lab: Lab
const check = async () => evaluateOnboard({ exitCode: 0, stdout: (await runStepScript(lab, openclawOnboard, 'check', ENV)).stdout })
const sh = async (cmd: string) => (await lab.exec(['bash', '-c', cmd])).stdout

beforeAll(async () => {
  lab = await startLab()
  await ensureAccount(lab)
}, 600_000)
afterAll(async () => { await lab?.stop() })

describe('openclaw-onboard on the lab (real OpenClaw)', () => {
  it('without OpenClaw: apply stops with a clear message and changes nothing', async () => {
    const before = await snapshot(lab, HOME)
    const restore = await hideOpenClaw(lab)
    try {
      const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(/OpenClaw does not run as openclaw.*Apply the "Install OpenClaw" step first/)
    } finally { await restore() }
    expect(await snapshot(lab, HOME)).toBe(before)
  })

  it('an unknown account: apply refuses before running anything', async () => {
    const r = await runStepScript(lab, openclawOnboard, 'apply', { OCSS_OC_USER: 'nobody-here' })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/There is no account "nobody-here".*"OpenClaw account" step first/)
  })

  it('check before: not onboarded', async () => {
    const v = await check()
    expect(v).toMatchObject({ status: 'fail' })
    expect(v.summary).toMatch(/^Not onboarded: \/home\/openclaw\/\.openclaw\/openclaw\.json does not exist/)
  })

  let token = ''
  let applied = ''
  it('apply onboards with a 64-character token in the secret store, never in plain text in openclaw.json or any .bak', async () => {
    const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
    console.log(`openclaw-onboard apply: ${r.seconds.toFixed(1)} s; ${/onboarding took \d+ s/.exec(r.stdout)?.[0] ?? ''}`)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toMatch(/error|fail/i)
    const conf = JSON.parse(await sh(`cat ${HOME}/.openclaw/openclaw.json`)) as { gateway: { mode: string; bind: string; auth: { mode: string; token: unknown } }; tools: { profile: string } }
    expect(conf.gateway).toMatchObject({ mode: 'local', bind: 'loopback', auth: { mode: 'token', token: { source: 'store', provider: 'default', id: 'GATEWAY_TOKEN' } } })
    expect(conf.tools.profile).toBe('full') // left for the tool-policy step
    // The test reads the stored value (root, in the lab) only to look for it everywhere else.
    token = (await sh(`/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("file:${HOME}/.openclaw/state/openclaw.sqlite?mode=ro", uri=True).execute("select value from secret_store_entries where name=\\"GATEWAY_TOKEN\\" and kind=\\"secret\\" and deleted_at_ms is null").fetchone()[0])'`)).trim()
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(r.stdout + r.stderr).not.toContain(token)
    // No file the account or the job has, apart from the SQLite store itself, holds the token.
    expect(await sh(`grep -rlF --exclude='*.sqlite*' -e '${token}' ${HOME} /root /tmp || true`)).toBe('')
    const baks = await sh(`ls ${HOME}/.openclaw/ | grep '^openclaw.json'`)
    expect(baks.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2)
    // Onboarding wrote openclaw.json, so it ran the deep audit after: "security audit after every config change" passes.
    expect(r.stdout).toMatch(/^audit critical=\d+ warn=\d+ info=\d+$/m)
    const fresh = auditFresh.evaluate({ exitCode: 0, stdout: (await runStepScript(lab, auditFresh, 'check', ENV)).stdout })
    expect(fresh.status, fresh.summary).toBe('pass')
    applied = await snapshot(lab, HOME)
  }, 300_000)

  it('check passes with shapes only as evidence', async () => {
    const out = (await runStepScript(lab, openclawOnboard, 'check', ENV)).stdout
    expect(out).not.toContain(token)
    const v = evaluateOnboard({ exitCode: 0, stdout: out })
    expect(v).toMatchObject({ status: 'pass', summary: 'Onboarded: openclaw.json parses, gateway.mode local, workspace /home/openclaw/.openclaw/workspace.' })
    expect(v.evidence).toContain('tools.profile: full')
    // The pass fixture is what the lab prints.
    expect(evaluateOnboard({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures/onboarded.pass.txt'), 'utf8') }).summary).toBe(v.summary)
  })

  it('apply again changes nothing (already onboarded)', async () => {
    const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/already onboarded for openclaw .*changing nothing/)
    expect(await snapshot(lab, HOME)).toBe(applied)
  })

  it('gateway.mode changed by hand fails the check', async () => {
    await lab.exec(['bash', '-c', `cd ${HOME}/.openclaw && cp -p openclaw.json /root/keep.json && python3 -c 'import json; c=json.load(open("openclaw.json")); c["gateway"]["mode"]="remote"; json.dump(c, open("openclaw.json","w"))'`])
    const v = await check()
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(/gateway.mode is "remote", not "local"/)
    await lab.exec(['bash', '-c', `cp -p /root/keep.json ${HOME}/.openclaw/openclaw.json`])
  })

  it('undo moves ~/.openclaw into a dated folder (nothing deleted); the check fails again', async () => {
    await lab.exec(['bash', '-c', `echo 'my notes' > ${HOME}/.openclaw/workspace/NOTES.md && chown openclaw: ${HOME}/.openclaw/workspace/NOTES.md`])
    const r = await runStepScript(lab, openclawOnboard, 'undo', ENV)
    expect(r.code, r.stderr).toBe(0)
    const moved = (await sh(`ls -d ${HOME}/.openclaw-undone/*/`)).trim()
    expect(moved).toMatch(/^\/home\/openclaw\/\.openclaw-undone\/\d{8}T\d{6}Z\/$/)
    expect(await sh(`cat ${moved}.openclaw/workspace/NOTES.md`)).toBe('my notes\n')
    expect(await sh(`stat -c '%U %a' ${moved} ${moved}.openclaw/openclaw.json`)).toBe('openclaw 700\nopenclaw 600\n')
    expect(await sh(`ls -A ${HOME}/.openclaw 2>&1`)).toMatch(/No such file/)
    const v = await check()
    expect(v.summary).toMatch(/^Not onboarded/)
    expect(evaluateOnboard({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures/not-onboarded.fail.txt'), 'utf8') }).summary).toBe(v.summary)
    // Undo again: nothing to do.
    expect((await runStepScript(lab, openclawOnboard, 'undo', ENV)).stdout).toMatch(/Nothing to undo/)
  })

  it('apply after undo onboards again', async () => {
    const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect((await check()).status).toBe('pass')
  }, 300_000)
})

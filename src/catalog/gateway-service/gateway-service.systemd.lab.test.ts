import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { ensureAccount, runStepScript } from '../openclaw-onboard/oc-step-lab'
import { openclawOnboard } from '../openclaw-onboard/step'
import { gatewayToken } from '../gateway-token/step'
import { evaluateService, gatewayService } from './step'

// The service for real: a lab whose PID 1 is systemd (startLab({ systemd: true })), with logind, linger and the user bus.
const ENV = { OCSS_OC_USER: 'openclaw' }
let lab: Lab
const check = async () => evaluateService({ exitCode: 0, stdout: (await runStepScript(lab, gatewayService, 'check', ENV)).stdout })
const sh = async (cmd: string) => (await lab.exec(['bash', '-c', cmd])).stdout
/** Polls ss until the gateway listens on both loopback addresses (or the deadline passes); returns the seconds. */
async function waitListening(deadlineMs: number): Promise<number> {
  const t0 = Date.now()
  for (;;) {
    const l = await sh("ss -ltnH 'sport = :18789' | awk '{print $4}' | sort")
    if (l.includes('127.0.0.1:18789') && l.includes('[::1]:18789')) return (Date.now() - t0) / 1000
    if (Date.now() - t0 > deadlineMs) throw new Error(`not listening after ${deadlineMs} ms: ${l}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('gateway-service on a systemd lab (real linger, user bus, unit)', () => {
  beforeAll(async () => {
    lab = await startLab({ systemd: true })
    expect(await sh('cat /proc/1/comm')).toBe('systemd\n')
    await ensureAccount(lab)
    const r = await runStepScript(lab, openclawOnboard, 'apply', ENV)
    if (r.code !== 0) throw new Error(`onboarding failed: ${r.stdout}${r.stderr}`)
  }, 900_000)
  afterAll(async () => { await lab?.stop() })

  it('check before: linger off', async () => {
    expect((await check()).summary).toMatch(/^Linger is off for openclaw/)
  })

  it('apply: linger, user bus, gateway install as the account, enabled + active, listening on 127.0.0.1 and ::1', async () => {
    const r = await runStepScript(lab, gatewayService, 'apply', ENV, 600_000)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    console.log(`gateway-service apply: ${r.seconds.toFixed(1)} s; start to listening: ${/listening after (\d+) s/.exec(r.stdout)?.[1] ?? '?'} s`)
    expect(await sh('ls /var/lib/systemd/linger/')).toBe('openclaw\n')
    expect(await sh('stat -c %U /home/openclaw/.config/systemd/user/openclaw-gateway.service')).toBe('openclaw\n')
    const listen = await sh("ss -ltnH 'sport = :18789' | awk '{print $4}' | sort")
    expect(listen).toBe('127.0.0.1:18789\n[::1]:18789\n')
    const v = await check()
    expect(v).toMatchObject({ status: 'pass', summary: 'The gateway runs as an enabled user service of openclaw, with linger on.' })
    expect(v.evidence).toContain('listening: 127.0.0.1:18789 [::1]:18789')
    // The pass fixture is what this lab prints.
    expect(evaluateService({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures/running.pass.txt'), 'utf8') })).toEqual(v)
  }, 600_000)

  it('apply again changes nothing', async () => {
    const before = await sh('sha256sum /home/openclaw/.config/systemd/user/openclaw-gateway.service; ls /var/lib/systemd/linger')
    const r = await runStepScript(lab, gatewayService, 'apply', ENV)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/already installed, enabled and running: changing nothing/)
    expect(await sh('sha256sum /home/openclaw/.config/systemd/user/openclaw-gateway.service; ls /var/lib/systemd/linger')).toBe(before)
  })

  it('rotate restarts the running gateway, which listens again', async () => {
    const r = await runStepScript(lab, gatewayToken, 'rotate', ENV, 600_000)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Restarting the gateway: the old token stops working now/)
    console.log(`gateway restart to listening: ${(await waitListening(120_000)).toFixed(1)} s`)
  }, 600_000)

  it('undoing onboarding is refused while the service runs', async () => {
    const r = await runStepScript(lab, openclawOnboard, 'undo', ENV)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Undo the "Gateway service" step first; this undo changed nothing/)
    expect(await sh('test -f /home/openclaw/.openclaw/openclaw.json && echo yes')).toBe('yes\n')
  })

  it('undo removes the unit and turns linger off again (it was off before)', async () => {
    const r = await runStepScript(lab, gatewayService, 'undo', ENV, 600_000)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(await sh('ls /home/openclaw/.config/systemd/user/openclaw-gateway.service 2>&1')).toMatch(/No such file/)
    expect(await sh('ls -A /var/lib/systemd/linger/')).toBe('')
    expect((await check()).summary).toMatch(/^Linger is off/)
  }, 600_000)
})

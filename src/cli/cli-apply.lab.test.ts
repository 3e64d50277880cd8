import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../test/helpers/cli-runner'
import { userWorld } from '../../test/helpers/user-world'
import { startLab, type Lab } from '../../test/lab/lab'
import { stepsFor } from '../catalog'

let lab: Lab
// The person's world: HOME with spaces and non-ASCII letters, the CLI's default data folder under it.
const world = userWorld()
let identity: string

beforeAll(async () => {
  buildCli()
  lab = await startLab() // sshd on port 22
  identity = world.pickKey(lab.identityFile)
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  world.cleanup()
})

async function ufwActive(): Promise<boolean> {
  return /Status: active/.test((await lab.exec(['ufw', 'status'])).stdout)
}

describe('CLI apply / undo / run through the built CLI against the lab (SSH on port 22, HOME with spaces)', () => {
  const target = () => ['--target', `ssh://${lab.user}@${lab.host}`, '--identity', identity, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin']
  const cli = (args: string[], input = `${lab.sudoPassword}\n`) => runCli(world, args, { input, timeoutMs: 240_000 })

  it('refuses an input no step of the run declares, before connecting or running anything', async () => {
    const r = cli(['apply', 'ufw-firewall', ...target(), '--input', 'NOPE=x'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/No step of this run has an input named NOPE/)
    expect(r.stderr).not.toContain('=== apply')
    expect(await ufwActive()).toBe(false)
  })

  it('apply STEP runs the job in a PTY (output on stderr), then its check; the password is typed, never shown', async () => {
    const r = cli(['apply', 'ufw-firewall', ...target()])
    expect(r.stderr).toContain('=== apply: Host firewall (UFW) (ufw-firewall)')
    expect(r.stdout).toMatch(/^ufw-firewall: ok: Applied; the check now reads: Active/m)
    expect(r.stdout).toContain('Done: 1 step(s) (ufw-firewall).')
    expect(r.code).toBe(0)
    expect(r.stdout + r.stderr).not.toContain(lab.sudoPassword)
    expect(await ufwActive()).toBe(true)
    // The check result is saved like the window's: status shows it without connecting.
    const s = runCli(world, ['status'])
    expect(s.stdout).toMatch(/ufw-firewall|Host firewall/)
  })

  it('apply --all runs the wizard order and stops at the first step that is refused (the lock-out guard), saying so', () => {
    const r = cli(['apply', '--all', ...target()])
    // The check-only router probe comes first in the wizard; without its inputs --all passes it by and says how to run it.
    expect(r.stdout).toMatch(/^router-isolation: skipped: a probe that changes nothing and has no inputs yet; run "apply router-isolation --input DEVICES=… --input HOME_SUBNET=…" to run it\.$/m)
    expect(r.stdout).toMatch(/^ufw-firewall: ok/m)
    expect(r.stderr).toMatch(/has not proven yet that its own key logs in/)
    // Every SSH step of the catalogue, in wizard order (the OpenClaw steps are in it now).
    expect(r.stdout).toContain(`Stopped at ssh-password-login (refused) after 1 of ${stepsFor('ssh').length} step(s) (ufw-firewall); later steps were not run.`)
    expect(r.code).toBe(2)
  })

  it('run STEP ACTION refuses an action the step does not have', () => {
    const r = cli(['run', 'ufw-firewall', 'rotate', ...target()])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/has no action "rotate"/)
  })

  it('undo STEP undoes it (exit 0), and the machine is back', async () => {
    const r = cli(['undo', 'ufw-firewall', ...target()])
    expect(r.stderr).toContain('=== undo: Host firewall (UFW)')
    expect(r.stdout).toMatch(/^ufw-firewall: ok: Undone/m)
    expect(r.code).toBe(0)
    expect(await ufwActive()).toBe(false)
  })

  it('without --sudo-password-stdin and no terminal, says how to give the password; nothing runs', async () => {
    const r = runCli(world, ['apply', 'ufw-firewall', '--target', `ssh://${lab.user}@${lab.host}`, '--identity', identity], { timeoutMs: 120_000 })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--sudo-password-stdin/)
    expect(await ufwActive()).toBe(false)
  })
})

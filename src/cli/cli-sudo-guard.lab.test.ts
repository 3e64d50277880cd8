import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../test/helpers/cli-runner'
import { userWorld } from '../../test/helpers/user-world'
import { startLab, type Lab } from '../../test/lab/lab'
import { captured, installForcedCommand, restoreLoginAccount } from '../../test/helpers/sudo-capture'

let lab: Lab
const world = userWorld()

function cli(args: string[], input = '') {
  return runCli(world, args, { input })
}

beforeAll(async () => {
  buildCli()
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  world.cleanup()
})

describe('CLI verify and a login account that could capture the sudo password (security review M1)', () => {
  it('(a) a forced command on the key line: verify --sudo-password-stdin refuses before sending the password', async () => {
    await installForcedCommand(lab)
    try {
      const r = cli(['verify', '--target', `ssh://${lab.user}@${lab.host}:${lab.port}`, '--identity', lab.identityFile, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], `${lab.sudoPassword}\n`)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/sudo password was not sent/)
      expect(r.stderr).toMatch(/command="\/home\/ocss\/\.evil", a forced command/)
      expect(r.stdout + r.stderr).not.toContain(lab.sudoPassword)
      expect(await captured(lab)).toBe('')
    } finally {
      await restoreLoginAccount(lab)
    }
  })
})

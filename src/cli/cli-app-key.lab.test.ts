import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../test/helpers/cli-runner'
import { startLab, type Lab } from '../../test/lab/lab'
import { spawnRecorder } from '../../test/helpers/spawn-recorder'
import { labSpec } from '../../test/helpers/lab-target'
import { ServiceDriver } from '../../test/helpers/service-driver'
import { userWorld } from '../../test/helpers/user-world'
import { ensureAppKey, type AppKey } from '../core/targets/app-key'

// No OCSS_DATA_DIR: the CLI finds the app key in its default data folder under a HOME with spaces (world.env).
const world = userWorld()
const dataDir = world.dataDir
let lab: Lab
let key: AppKey

/** A logging ssh first on PATH: each argument vector goes to the log, then the real ssh runs. */
const logDir = mkdtempSync(join(tmpdir(), 'ocss-cli-argv-'))
const argvLog = join(logDir, 'argv.log')
writeFileSync(join(logDir, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec /usr/bin/ssh "$@"\n`)
chmodSync(join(logDir, 'ssh'), 0o755)

function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runCli(world, args, { ...opts, env: { PATH: `${logDir}:${process.env.PATH ?? ''}`, ...opts.env } })
}

beforeAll(async () => {
  buildCli()
  lab = await startLab()
  // The app key exists in the data folder and is authorised beside the lab's own key (removed once the key is proven).
  key = await ensureAppKey(dataDir)
  const r = await lab.exec(['bash', '-c', 'printf "%s\\n" "$1" >> /home/ocss/.ssh/authorized_keys', 'x', key.publicKey])
  if (r.code !== 0) throw new Error(r.stderr)
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  world.cleanup()
})

describe('CLI with the app key (no --identity)', () => {
  const target = () => `ssh://${lab.user}@${lab.host}:${lab.port}`

  it('still stops at first contact with the fingerprint: the host key is never accepted silently', () => {
    const r = cli(['verify', '--target', target()])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(lab.hostKeyFingerprint)
    expect(r.stderr).toContain('Nothing was checked')
  })

  it('without a recorded proof for the target, the app key is not offered (no -i with it)', () => {
    writeFileSync(argvLog, '')
    const r = cli(['verify', '--target', target(), '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n` })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/refused the login/)
    const argv = readFileSync(argvLog, 'utf8')
    expect(argv).toContain(` -- ${lab.host}`) // ssh did run...
    expect(argv).not.toContain(key.privateKeyFile) // ...without the app key
  })

  it("once the app's Key login proved the key for this target (the lab's own key then removed), the CLI uses it", async () => {
    const driver = new ServiceDriver(dataDir)
    try {
      await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
      expect((await driver.call('ssh:key-prove', {})).proven).toBe(true)
    } finally {
      await driver.svc.dispose()
    }
    const r = await lab.exec(['bash', '-c', 'printf "%s\\n" "$1" > /home/ocss/.ssh/authorized_keys', 'x', key.publicKey])
    expect(r.code).toBe(0)
  })

  it('logs in with the app key and runs every check, the new step included', () => {
    const r = cli(['verify', '--target', target(), '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n` })
    expect(r.stderr).not.toMatch(/^error:/m)
    expect(r.code).toBe(1) // UFW is off in a fresh lab
    expect(r.stdout).toMatch(/^PASS\s+ssh-password-login\s+SSH: key login only/m)
    // Quoted for ssh's option parser: the data folder's path has spaces and an apostrophe.
    expect(readFileSync(argvLog, 'utf8')).toContain(`-o IdentityFile="${key.privateKeyFile}" -o IdentitiesOnly=yes -- ${lab.host}`)
    expect(r.stdout + r.stderr).not.toContain(lab.sudoPassword)
  })

  it('an explicit --identity wins over the app key (here: a key the machine no longer accepts)', () => {
    const r = cli(['verify', '--target', target(), '--identity', world.pickKey(lab.identityFile), '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n` })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/refused the login/)
  })

  it.each([
    ['a host beginning with -', 'ssh://ocss@-oProxyCommand=touch /tmp/x'],
    ['$(id)', 'ssh://user@$(id)'],
    ['an embedded newline', 'ssh://user@host\nid'],
  ])('with the app key present, still refuses %s and spawns nothing', (_name, value) => {
    const rec = spawnRecorder()
    const r = cli(['verify', '--target', value], { env: { PATH: rec.path } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error: .+\nNothing was run\./)
    expect(rec.spawned()).toEqual([])
  })
})

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labHostKey, labSpec } from '../../../test/helpers/lab-target'
import { buildCli, runCli, type CliOptions } from '../../../test/helpers/cli-runner'
import { createUserWorld } from '../../../test/helpers/user-world'
import { AppError } from '../app-error'
import { defaultDataDir, knownHostsDir } from '../paths'
import { confirmHostKeyError } from '../service/connect'
import { scanHostKey } from './host-key'
import { SshTarget } from './ssh-target'

/**
 * The paths people really have (issue "Works where users are", review finding H1): the app's default data folder
 * under a HOME with spaces, an apostrophe and non-ASCII letters, a key file with a space and a "%" in its name,
 * and sshd on port 22. The CLI runs as a separate process, as a person (or cron) starts it.
 */
const userWorld = createUserWorld()
const world = userWorld.root
const home = userWorld.home
const dataDir = userWorld.dataDir
let keyFile = ''
let lab: Lab

function cli(args: string[], opts: CliOptions = {}) {
  return runCli(userWorld, args, opts)
}

/** A path as strace prints it: bytes outside printable ASCII as octal escapes, quotes and backslashes escaped. */
function straced(path: string): string {
  return [...Buffer.from(path, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f ? (b === 0x22 || b === 0x5c ? `\\${String.fromCharCode(b)}` : String.fromCharCode(b)) : `\\${b.toString(8).padStart(3, '0')}`)).join('')
}

const target = () => `ssh://${lab.user}@${lab.host}:${lab.port}`

beforeAll(async () => {
  buildCli()
  lab = await startLab({ sshPort: 22 })
  keyFile = userWorld.pickKey(lab.identityFile, 'lab key 100%d')
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  userWorld.cleanup()
})

describe('SSH with the default data folder under a HOME with spaces, on port 22 (real ssh, real sshd)', () => {
  it('the CLI connects and verifies, and ssh opens exactly the pinned known_hosts file and the chosen key', () => {
    expect(dataDir).toBe(join(home, '.config', 'OpenClaw Secure Setup'))
    const trace = join(world, 'strace.log')
    const r = cli(['verify', '--target', target(), '--identity', keyFile, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n`, strace: trace })
    expect(r.stderr).not.toMatch(/does not match|error:/)
    expect([0, 1]).toContain(r.code)
    expect(r.stdout).toMatch(/ufw/i)
    const pinned = readdirSync(knownHostsDir(dataDir)).filter((f) => f.endsWith('.known_hosts'))
    expect(pinned).toHaveLength(1)
    const opened = readFileSync(trace, 'utf8')
    // What ssh looked for: the pinned file by its plain name (ssh starts in the known_hosts folder), the key file by
    // its full path with the "%" intact, and none of the pieces a split path would give.
    expect(opened).toContain(`"${pinned[0]}"`)
    expect(opened).toContain(`"${straced(keyFile)}"`)
    for (const piece of ['"Secure"', '"Setup/known_hosts', `"${straced(join(home, '.config', 'OpenClaw'))}"`, `"M${straced('ü')}ller's`]) expect(opened).not.toContain(piece)
    // A second run needs no --host-key: the pin is read back from the store.
    const again = cli(['verify', '--target', target(), '--identity', keyFile, '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n` })
    expect(again.stderr).not.toMatch(/error:/)
    expect([0, 1]).toContain(again.code)
  })

  it('a pinned copy that ssh cannot use is reported as that, with what to do, never as an attack', async () => {
    const stateDir = join(world, 'unusable', 'OpenClaw Secure Setup', 'known_hosts')
    const t = new SshTarget(labSpec(lab), { hostKey: labHostKey(lab), stateDir })
    // The saved copy is garbled after it was written (a full disk, another program, a sync tool).
    for (const f of readdirSync(stateDir)) writeFileSync(join(stateDir, f), 'garbage\n')
    const err = await t.exec('true').catch((e: unknown) => e)
    await t.dispose()
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('HOST_KEY_UNUSABLE')
    const confirmed = await confirmHostKeyError(err as AppError, lab.host, lab.port, labHostKey(lab))
    expect(confirmed.code).toBe('HOST_KEY_UNUSABLE')
    expect(confirmed.message).toContain(`still presents the key you accepted (${lab.hostKeyFingerprint})`)
    expect(confirmed.message).not.toMatch(/does not match/)
    expect(confirmed.hint).toMatch(/not a sign of interception/)
  })

  it('ssh shown another key while a second look sees the accepted one stays a mismatch, with an honest message', async () => {
    const stateDir = join(world, 'altered', 'OpenClaw Secure Setup', 'known_hosts')
    const t = new SshTarget(labSpec(lab), { hostKey: labHostKey(lab), stateDir })
    // Another valid ed25519 key in the saved copy: ssh compares and reports a changed key.
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm0c0YbNpyzXlGzJ2bzCHk0qVv7bZp4YzD5aGZ6kW1p'
    for (const f of readdirSync(stateDir)) writeFileSync(join(stateDir, f), `${lab.host} ${other}\n`)
    const err = await t.exec('true').catch((e: unknown) => e)
    await t.dispose()
    expect((err as AppError).code).toBe('HOST_KEY_MISMATCH')
    const confirmed = await confirmHostKeyError(err as AppError, lab.host, lab.port, labHostKey(lab))
    expect(confirmed.code).toBe('HOST_KEY_MISMATCH')
    expect(confirmed.message).toContain(`second look right after saw the accepted key`)
    expect(confirmed.message).not.toMatch(/It now presents/)
  })

  it('a known_hosts folder the app cannot write gets its own message from the CLI, not a mismatch', () => {
    const other = join(world, 'blocked-home')
    const blockedData = defaultDataDir({ HOME: other }, 'linux')
    mkdirSync(blockedData, { recursive: true })
    writeFileSync(knownHostsDir(blockedData), 'a file where the folder should be\n')
    // Another HOME, so another default data folder: one whose known_hosts folder is a file.
    const r = cli(['verify', '--target', target(), '--identity', keyFile, '--host-key', lab.hostKeyFingerprint], { env: { HOME: other } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/could not write its saved copy of the host key/)
    expect(r.stderr).toMatch(/not a sign that the machine changed/)
    expect(r.stderr).not.toMatch(/does not match|intercept/)
  })

  // Last: it changes the lab's host keys.
  it('an attacker key placed in every file ssh might read by mistake is never accepted (H1)', async () => {
    const pinnedBefore = lab.hostKeyFingerprint
    const regen = await lab.exec(['bash', '-c', 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && kill -HUP "$(cat /run/sshd.pid 2>/dev/null || pgrep -o -x sshd)"'])
    expect(regen.code).toBe(0)
    let now = pinnedBefore
    let attacker = ''
    for (let i = 0; i < 50 && now === pinnedBefore; i++) {
      await new Promise((r) => setTimeout(r, 100))
      const k = await scanHostKey(lab.host, lab.port).catch(() => null)
      if (k) {
        now = k.fingerprint
        attacker = `${k.type} ${k.blob}`
      }
    }
    expect(now).not.toBe(pinnedBefore)
    // The machine now presents the "attacker's" key. Plant it, for every name a split or misread path could give,
    // in the folder the CLI is started from, in the data folder's parents and in the person's own known_hosts.
    const lines = `* ${attacker}\n${lab.host} ${attacker}\n[${lab.host}]:${lab.port} ${attacker}\n`
    const planted = join(world, 'attacker-cwd')
    const hashName = readdirSync(knownHostsDir(dataDir)).find((f) => f.endsWith('.known_hosts')) ?? ''
    for (const base of [planted, join(home, '.config'), home]) {
      for (const rel of ['Secure', 'OpenClaw', join('Setup', 'known_hosts', hashName)]) {
        mkdirSync(join(base, rel, '..'), { recursive: true })
        writeFileSync(join(base, rel), lines)
      }
    }
    writeFileSync(join(home, '.ssh', 'known_hosts'), lines)
    const accepted = async () => ((await lab.exec(['cat', '/var/log/sshd.log'])).stdout.match(/Accepted publickey/g) ?? []).length
    const before = await accepted()
    const r = cli(['verify', '--target', target(), '--identity', keyFile, '--sudo-password-stdin'], { input: `${lab.sudoPassword}\n`, cwd: planted })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`It now presents ${now}; you accepted ${pinnedBefore}`)
    expect(r.stdout).not.toMatch(/ufw/i)
    expect(await accepted()).toBe(before)
  })
})

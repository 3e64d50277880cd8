import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labHostKey, labSpec, labTarget, waitFor } from '../../../test/helpers/lab-target'
import { createUserWorld, userWorld } from '../../../test/helpers/user-world'
import { knownHostsDir } from '../paths'
import { AppError } from '../app-error'
import { connectTarget } from '../service/connect'
import { ChecklistStore } from '../store/checklist-store'
import { scanHostKey } from './host-key'
import { PtySession } from './pty-session'
import { SshTarget } from './ssh-target'

afterAll(() => userWorld().cleanup())

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
}

// sshd where a real machine has it (22) and elsewhere (2222); pinned keys and the key file under a HOME with spaces.
describe.each([22, 2222])('SSH target against the lab on port %i (real sshd, sudo, data folder under a HOME with spaces)', (sshPort) => {
  let lab: Lab
  beforeAll(async () => {
    lab = await startLab({ sshPort })
  }, 900_000)
  afterAll(async () => {
    await lab?.stop()
  })

  it('reads the host key without logging in', async () => {
    const key = await scanHostKey(lab.host, lab.port)
    expect(key.fingerprint).toBe(lab.hostKeyFingerprint)
  })

  it('runs scripts as the login user with parameters delivered intact', async () => {
    const t = labTarget(lab)
    const nasty = `$(id) ; rm -rf ~ \` ' " \n|&`
    const r = await t.exec('id -un; printf "%s" "$OCSS_V"', { params: { V: nasty } })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`${lab.user}\n${nasty}`)
  })

  it('detects that sudo needs a password, and runs as root with it', async () => {
    const t = labTarget(lab)
    expect(await t.sudoMode()).toBe('password')
    const r = await t.exec('id -u', { asRoot: true })
    expect(r.stdout.trim()).toBe('0')
  })

  it('never puts the sudo password in a process argument list (host and target)', async () => {
    const t = labTarget(lab)
    const running = t.exec('sleep 4; id -u', { asRoot: true })
    // Look while the root command runs (a slow machine may need a few seconds to get there).
    let inLab = await lab.exec(['ps', 'axww', '-o', 'args'])
    for (let i = 0; i < 100 && !inLab.stdout.includes('sleep 4'); i++) {
      await new Promise((r) => setTimeout(r, 100))
      inLab = await lab.exec(['ps', 'axww', '-o', 'args'])
    }
    const hostArgs = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8')
        } catch {
          return ''
        }
      })
    expect((await running).stdout.trim()).toBe('0')
    expect(hostArgs.some((a) => a.includes('ssh') && a.includes(lab.host))).toBe(true)
    expect(hostArgs.some((a) => a.includes(lab.sudoPassword))).toBe(false)
    expect(inLab.stdout).toContain('sleep 4')
    expect(inLab.stdout).not.toContain(lab.sudoPassword)
  })

  it('says so when the sudo password is wrong or missing', async () => {
    expect(await code(labTarget(lab, () => 'wrong-password').exec('id -u', { asRoot: true }))).toBe('SUDO_FAILED')
    expect(await code(labTarget(lab, () => undefined).exec('id -u', { asRoot: true }))).toBe('SUDO_PASSWORD_REQUIRED')
  })

  it('refuses a host whose key differs from the pinned one', async () => {
    const other = labHostKey(lab)
    const forged = new SshTarget(labSpec(lab), {
      hostKey: { ...other, blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIBm0c0YbNpyzXlGzJ2bzCHk0qVv7bZp4YzD5aGZ6kW1p' },
      stateDir: knownHostsDir(createUserWorld().dataDir),
    })
    expect(await code(forged.exec('true'))).toBe('HOST_KEY_MISMATCH')
  })

  it('first contact stops with the fingerprint unless it is named exactly (key file picked from ~/.ssh)', async () => {
    const world = createUserWorld()
    const { dataDir } = world
    const spec = labSpec(lab, world.pickKey(lab.identityFile))
    const store = new ChecklistStore(dataDir)
    const first = await connectTarget(spec, { store, dataDir })
    expect(first).toMatchObject({ status: 'host-key-unknown', hostKey: { fingerprint: lab.hostKeyFingerprint } })
    expect(store.lastTargetKey()).toBeNull()
    expect(await code(connectTarget(spec, { store, dataDir, trustFingerprint: `SHA256:${'A'.repeat(43)}` }))).toBe('HOST_KEY_MISMATCH')
    const ok = await connectTarget(spec, { store, dataDir, trustFingerprint: lab.hostKeyFingerprint })
    expect(ok.status).toBe('connected')
    expect(store.target(store.lastTargetKey() ?? '')?.hostKey?.fingerprint).toBe(lab.hostKeyFingerprint)
    // The pin is remembered: no fingerprint needed the second time.
    const again = await connectTarget(spec, { store, dataDir })
    expect(again.status).toBe('connected')
    if (again.status === 'connected') await again.target.dispose()
    // …and a different fingerprint never replaces it silently.
    expect(await code(connectTarget(spec, { store, dataDir, trustFingerprint: `SHA256:${'C'.repeat(43)}` }))).toBe('HOST_KEY_MISMATCH')
    if (ok.status === 'connected') await ok.target.dispose()
  })

  it('notices a dropped connection, fails the request in flight, and reconnects on the next one', async () => {
    const t = labTarget(lab)
    expect((await t.exec('echo first')).stdout).toBe('first\n')
    const inFlight = code(t.exec('sleep 20; echo never')) // handled from the start: it rejects while pkill runs
    await new Promise((r) => setTimeout(r, 500))
    // Kill the sshd process that serves this user's session, as a network drop would end it.
    await lab.exec(['pkill', '-KILL', '-f', `^sshd: ${lab.user}`])
    expect(await inFlight).toBe('CONNECTION_FAILED')
    expect((await t.exec('echo again')).stdout).toBe('again\n')
    expect(t.channelStarts).toBe(2)
    await t.dispose()
  })

  it('opens an interactive terminal through node-pty', async () => {
    const t = labTarget(lab)
    let out = ''
    const s = new PtySession(t.terminalSpawn({ kind: 'login-shell' }), { onData: (d) => (out += d), onExit: () => undefined })
    s.write('echo alive-$((6*7)); exit 4\r')
    expect(await s.exitPromise).toBe(4)
    await waitFor(() => out.includes('alive-42'), 5000, 'shell output')
  })

  // Last: it changes the lab's host keys.
  it('refuses after the host key was regenerated, and says why with both fingerprints', async () => {
    const { dataDir } = createUserWorld()
    const store = new ChecklistStore(dataDir)
    const first = await connectTarget(labSpec(lab), { store, dataDir, trustFingerprint: lab.hostKeyFingerprint })
    if (first.status === 'connected') await first.target.dispose()
    const regen = await lab.exec(['bash', '-c', 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && kill -HUP "$(cat /run/sshd.pid 2>/dev/null || pgrep -o -x sshd)"'])
    expect(regen.code).toBe(0)
    let now = lab.hostKeyFingerprint
    for (let i = 0; i < 50 && now === lab.hostKeyFingerprint; i++) {
      await new Promise((r) => setTimeout(r, 100))
      now = (await scanHostKey(lab.host, lab.port).catch(() => ({ fingerprint: lab.hostKeyFingerprint }))).fingerprint
    }
    expect(now).not.toBe(lab.hostKeyFingerprint)
    try {
      await connectTarget(labSpec(lab), { store, dataDir })
      expect.unreachable('connected with a changed host key')
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      const err = e as AppError
      expect(err.code).toBe('HOST_KEY_MISMATCH')
      expect(err.message).toContain(now)
      expect(err.message).toContain(lab.hostKeyFingerprint)
      expect(err.hint).toMatch(/ssh-keygen -lf/)
    }
  })
})

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { knownHostsLine, startLab, type Lab } from '../../../test/lab/lab'
import { installKey, recordSshArgv } from '../../../test/helpers/key-driver'
import { labLabel, labSpec } from '../../../test/helpers/lab-target'
import { passwordLogin } from '../../../test/helpers/password-login'
import { ServiceDriver } from '../../../test/helpers/service-driver'
import { appKeyPaths } from '../targets/app-key'
import { targetKey } from '../../shared/target-spec'

let lab: Lab
let driver: ServiceDriver
let ssh: ReturnType<typeof recordSshArgv>
const home = '/home/ocss'

async function authorizedKeys(): Promise<{ text: string; modes: string }> {
  const r = await lab.exec(['bash', '-c', `cat ${home}/.ssh/authorized_keys; echo "--- $(stat -c %a ${home}/.ssh) $(stat -c %a ${home}/.ssh/authorized_keys) $(stat -c %U ${home}/.ssh/authorized_keys)"`])
  const [text = '', modes = ''] = r.stdout.split('--- ')
  return { text, modes: modes.trim() }
}
const count = (text: string, line: string) => text.split('\n').filter((l) => l === line).length
/** The restrictions key-install.sh puts in front of the app key's line. */
const OPTS = 'no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:18789"'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * What a connection to local `port` reads until the far end closes it, or null if it never connects. Both outcomes
 * under test end in a close (the listener's `end`, or ssh closing the socket after sshd's refusal), so the answer
 * never depends on timing; `ms` only bounds a hang, and a hang is reported as such.
 */
function readFrom(port: number, ms: number): Promise<string | null> {
  return new Promise((resolve) => {
    let got = ''
    const sock = connect(port, '127.0.0.1')
    const timer = setTimeout(() => (sock.destroy(), resolve(`(no close within ${ms} ms; read: ${got})`)), ms)
    sock.on('data', (d) => (got += d.toString()))
    sock.on('close', () => (clearTimeout(timer), resolve(got)))
    sock.on('error', () => (clearTimeout(timer), resolve(null)))
  })
}

/** `ssh -N -L <local>:127.0.0.1:<remotePort>` through the lab's sshd with the app key only; reads what arrives. */
async function forwardTo(remotePort: number): Promise<{ got: string | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-fwd-'))
  const known = join(dir, 'known_hosts')
  writeFileSync(known, `${knownHostsLine(lab)}\n`)
  const local = await freePort()
  const child = spawn('ssh', ['-F', '/dev/null', '-i', appKeyPaths(driver.dataDir).privateKeyFile, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${known}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'ExitOnForwardFailure=yes', '-p', String(lab.port), '-N', '-L', `127.0.0.1:${local}:127.0.0.1:${remotePort}`, '--', `${lab.user}@${lab.host}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  try {
    let got: string | null = null
    for (let i = 0; i < 100 && got === null && child.exitCode === null; i++) {
      got = await readFrom(local, 30_000)
      if (got === null) await new Promise((r) => setTimeout(r, 100))
    }
    await new Promise((r) => setTimeout(r, 200)) // sshd's refusal reaches stderr
    return { got, stderr }
  } finally {
    child.kill()
  }
}

beforeAll(async () => {
  lab = await startLab({ passwordAuth: true })
  ssh = recordSshArgv()
  driver = new ServiceDriver()
  await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
}, 900_000)
afterAll(async () => {
  ssh?.restore()
  await driver?.svc.dispose()
  await lab?.stop()
})

describe('SSH key login through the embedded terminal (lab sshd, real node-pty)', () => {
  it('the lab really accepts the password and refuses a wrong one (the probes below are meaningful)', async () => {
    expect((await passwordLogin(lab, lab.sudoPassword)).out).toContain('PASSWORD-LOGIN-OK')
    const wrong = await passwordLogin(lab, 'not-the-password')
    expect(wrong.code).toBe(255)
    expect(wrong.out).toMatch(/Permission denied/)
  })

  it('status shows the app key (created on demand) and no proof yet', async () => {
    const s = await driver.call('ssh:key-status', {})
    expect(s.publicKey).toBe(readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').trim())
    expect(s.fingerprint).toMatch(/^SHA256:/)
    expect(s.proven).toBeNull()
    expect(s.targetLabel).toBe(labLabel(lab))
  })

  it('a wrong password: outcome password-refused, nothing written on the machine', async () => {
    const before = await authorizedKeys()
    const r = await installKey(driver, 'not-the-password')
    expect(r.outcome).toBe('password-refused')
    expect(r.message).toMatch(/refused the password/)
    expect(r.proven).toBe(false)
    expect(r.prompts).toBeGreaterThanOrEqual(1)
    expect(await authorizedKeys()).toEqual(before)
    expect((await driver.call('ssh:key-status', {})).proven).toBeNull()
  }, 60_000)

  it('the right password, typed once: creates ~/.ssh 700 and authorized_keys 600 with the key, and proves it with BatchMode', async () => {
    // Start from a user without ~/.ssh (the control channel that is already open stays connected).
    const labKey = (await authorizedKeys()).text.trim()
    await lab.exec(['rm', '-rf', `${home}/.ssh`])
    const r = await installKey(driver, lab.sudoPassword)
    expect(r.outcome).toBe('installed')
    expect(r.prompts).toBe(1)
    expect(r.proven).toBe(true)
    expect(r.message).toMatch(/BatchMode/)
    const publicKey = readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').trim()
    const after = await authorizedKeys()
    expect(after.modes).toBe('700 600 ocss')
    expect(after.text).toBe(`${OPTS} ${publicKey}\n`)
    // Put the lab's own key back for the rest of the file.
    await lab.exec(['bash', '-c', `printf '%s\\n' "$1" >> ${home}/.ssh/authorized_keys`, 'x', labKey])
  }, 60_000)

  it('records the proof (time + fingerprint) for the target, and the saved target now uses the app key', async () => {
    const status = await driver.call('ssh:key-status', {})
    const key = targetKey(labSpec(lab))
    expect(status.proven?.at).toBeDefined()
    expect(driver.svc.store.keyLogin(key)).toEqual({ at: status.proven?.at, fingerprint: status.fingerprint })
    expect(driver.svc.store.target(key)?.spec).toMatchObject({ identityFile: appKeyPaths(driver.dataDir).privateKeyFile })
    const proof = await driver.call('ssh:key-prove', {})
    expect(proof.proven).toBe(true)
  })

  it('the app key still carries the gateway tunnel (ssh -L 18789:127.0.0.1:18789) and nothing else', async () => {
    // Two listeners in the lab: the gateway port, and another one that must stay out of reach.
    const js = "const n=require('net');n.createServer(s=>s.end('gateway')).listen(18789,'127.0.0.1');n.createServer(s=>s.end('other')).listen(18790,'127.0.0.1')"
    const r = await lab.exec(['bash', '-c', 'setsid /opt/openclaw/node_modules/node/bin/node -e "$1" >/dev/null 2>&1 </dev/null & for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/18790) 2>/dev/null && exit 0; sleep 0.1; done; exit 1', 'x', js])
    expect(r.code).toBe(0)
    expect((await forwardTo(18789)).got).toBe('gateway')
    const other = await forwardTo(18790)
    expect(other.got).toBe('')
    expect(other.stderr).toMatch(/administratively prohibited/)
  }, 120_000)

  it('a second install does not duplicate the key', async () => {
    const r = await installKey(driver, lab.sudoPassword)
    expect(r.outcome).toBe('installed')
    const publicKey = readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').trim()
    const ak = await authorizedKeys()
    expect(count(ak.text, `${OPTS} ${publicKey}`)).toBe(1)
    expect(ak.text.split(publicKey)).toHaveLength(2) // the key once, in any form
    expect(ak.text.trim().split('\n')).toHaveLength(2)
    expect(driver.terminal).toContain('already authorised')
  }, 60_000)

  it('connecting again without a key file uses the app key (the lab key is no longer authorised)', async () => {
    const publicKey = readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').trim()
    await lab.exec(['bash', '-c', `printf '%s\\n' "$1" > ${home}/.ssh/authorized_keys`, 'x', publicKey])
    const again = new ServiceDriver(driver.dataDir)
    try {
      const { identityFile: _lab, ...spec } = labSpec(lab)
      const r = await again.call('target:connect', { target: spec })
      expect(r.status).toBe('connected')
      expect(ssh.argv()).toContain(`-o IdentityFile="${appKeyPaths(driver.dataDir).privateKeyFile}" -o IdentitiesOnly=yes`)
    } finally {
      await again.svc.dispose()
    }
  }, 60_000)

  it('never put the private key, the public key or the password into an argument list', () => {
    const argv = ssh.argv()
    expect(argv).toContain('-o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive,password -- ' + lab.host)
    expect(argv).toContain('-o BatchMode=yes -T -o IdentityFile=')
    const privateKey = readFileSync(appKeyPaths(driver.dataDir).privateKeyFile, 'utf8').split('\n').slice(1, -2).join('')
    for (const chunk of privateKey.match(/.{16}/g) ?? []) expect(argv).not.toContain(chunk)
    const blob = readFileSync(appKeyPaths(driver.dataDir).publicKeyFile, 'utf8').split(' ')[1] ?? 'missing'
    expect(argv).not.toContain(blob)
    expect(argv).not.toContain(lab.sudoPassword)
  })
})

import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec, waitFor } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'

/** The test-only steps kit-probe and kit-gated (test/helpers/kit-test-steps.ts), in this test file's catalogue only. */
vi.mock('../../catalog', async (importOriginal) => (await import('../../../test/helpers/kit-test-steps')).withKitTestSteps(await importOriginal()))

const CANARY = `canary-${createHash('sha256').update(String(Date.now())).digest('hex').slice(0, 40)}`
/**
 * On the lab as root: every process's argument list and environment, and every file of the login account, root and
 * the app's job folders, searched for the value read from stdin (never on a command line: process substitution).
 */
const SCAN = 'pat=$(cat); grep -lsF -f <(printf "%s\\n" "$pat") /proc/[0-9]*/cmdline /proc/[0-9]*/environ; grep -rlsF -f <(printf "%s\\n" "$pat") /home /var/lib/openclaw-secure-setup /tmp /root; true'
let lab: Lab
let driver: ServiceDriver
let strace: ChildProcess | null = null
const traceFile = join(mkdtempSync(join(tmpdir(), 'ocss-trace-')), 'execve.log')

/** Every file under `dir` whose content contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) hits.push(...filesContaining(p, needle))
    else if (st.isFile() && readFileSync(p).includes(needle)) hits.push(p)
  }
  return hits
}

beforeAll(async () => {
  lab = await startLab()
  // Every execve of this process (the app side: ssh, node-pty's children, …) from here on, with full arguments.
  const tasks = readdirSync(`/proc/${process.pid}/task`).join(',')
  strace = spawn('strace', ['-f', '-e', 'trace=execve', '-s', '4096', '-o', traceFile, '-p', tasks], { stdio: ['ignore', 'ignore', 'pipe'] })
  let attached = ''
  strace.stderr?.on('data', (d: Buffer) => (attached += d.toString()))
  await waitFor(() => /attached/i.test(attached), 30_000, 'strace to attach')
  driver = new ServiceDriver()
  await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
  await driver.call('target:sudo-password', { password: lab.sudoPassword })
}, 900_000)
afterAll(async () => {
  strace?.kill('SIGINT')
  await driver?.svc.dispose()
  await lab?.stop()
})

async function refused(payload: unknown): Promise<{ code: string; message: string }> {
  const before = driver.finished.length
  const r = await driver.svc.handle('step:run', payload)
  if (r.ok) throw new Error('expected a refusal')
  expect(driver.finished.length).toBe(before)
  return r.error
}

describe('step kit: inputs, requirements and secrets through the real job flow (service against the lab over SSH)', () => {
  it('refuses bad input, unknown inputs and actions before anything runs', async () => {
    expect(await refused({ stepId: 'kit-probe', action: 'apply', inputs: { PORT: '99999', TOKEN: 'x' } })).toMatchObject({ code: 'INVALID_INPUT', message: '"Kit probe (test only)": Port must be a port number from 1 to 65535.' })
    expect(await refused({ stepId: 'kit-probe', action: 'apply', inputs: { PORT: '2222', TOKEN: 'x', EXTRA: 'y' } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no input named EXTRA') })
    expect(await refused({ stepId: 'kit-probe', action: 'apply', inputs: { PORT: '2222' } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Token is required.') })
    expect(await refused({ stepId: 'kit-probe', action: 'rotate' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('has no action "rotate"') })
    expect(await refused({ stepId: 'kit-probe', action: 'apply', inputs: { PORT: 'x'.repeat(5000) } })).toMatchObject({ code: 'INVALID_INPUT' })
    // Nothing was staged on the machine, nothing ran, nothing was saved.
    const jobs = await lab.exec(['bash', '-c', 'ls -A ~/.cache/openclaw-secure-setup/jobs 2>/dev/null | wc -l'], { user: lab.user })
    expect(jobs.stdout.trim()).toBe('0')
    expect((await lab.exec(['bash', '-c', 'ls /root/kit-probe.* 2>/dev/null | wc -l'])).stdout.trim()).toBe('0')
    expect(driver.svc.store.stepInputs(labKey(), 'kit-probe')).toEqual({})
  })

  it('refuses a step whose requirement does not pass yet, with the requirement', async () => {
    expect(await refused({ stepId: 'kit-gated', action: 'apply' })).toMatchObject({ code: 'FORBIDDEN', message: 'Run "Kit probe (test only)" first: the probe must pass before this runs.' })
    expect((await lab.exec(['bash', '-c', 'test -e /root/kit-gated.applied && echo yes || echo no'])).stdout.trim()).toBe('no')
  })

  it('delivers the inputs, types the secret once at its prompt, and the secret is nowhere else', async () => {
    driver.svc.store.saveStepInputs(labKey(), 'openclaw-account', { OC_USER: 'openclaw' })
    const mark = driver.terminal.length
    const scanned = (async () => {
      await waitForMachine(() => lab.exec(['bash', '-c', 'test -e /root/kit-probe.waiting']))
      // While the job still runs: no argument list of any process, no job file (staged or root's copy) holds it.
      const scan = await lab.exec(['bash', '-c', SCAN], { input: CANARY })
      await lab.exec(['touch', '/root/kit-probe.scanned'])
      return scan.stdout
    })()
    const done = await driver.run('step:run', { stepId: 'kit-probe', action: 'apply', inputs: { PORT: '2222', NOTE: 'a note', TOKEN: CANARY } }, undefined, 120_000)
    expect(await scanned).toBe('')
    expect(done).toMatchObject({ ok: true, kind: 'apply', interrupted: false })
    const root = async (f: string) => (await lab.exec(['cat', f])).stdout.trim()
    expect(await root('/root/kit-probe.hash')).toBe(createHash('sha256').update(CANARY).digest('hex'))
    expect(await root('/root/kit-probe.port')).toBe('2222')
    expect(await root('/root/kit-probe.note')).toBe('a note')
    expect(await root('/root/kit-probe.ocuser')).toBe('openclaw')
    const shown = driver.terminal.slice(mark)
    expect(shown).toMatch(/OCSS-SECRET-REQUEST TOKEN [0-9a-f]{24}/)
    expect(driver.terminal).not.toContain(CANARY)
    expect(JSON.stringify(driver.events)).not.toContain(CANARY)
    // Saved: the plain inputs only.
    expect(driver.svc.store.stepInputs(labKey(), 'kit-probe')).toEqual({ PORT: '2222', NOTE: 'a note' })
    expect(filesContaining(driver.dataDir, CANARY)).toEqual([])
    // The job folders are gone afterwards, and no file of the login account or root holds the value.
    expect((await lab.exec(['bash', '-c', SCAN], { input: CANARY })).stdout).toBe('')
    // No process the app started had it in its arguments (or in the environment strace shows).
    await new Promise((r) => setTimeout(r, 500))
    const trace = readFileSync(traceFile, 'utf8')
    expect(trace).toMatch(/execve\(/)
    expect(trace).not.toContain(CANARY)
  })

  it('reuses the saved inputs for the check (batched pass), and the requirement now lets the gated step run', async () => {
    const done = await driver.run('checks:run', { stepIds: ['kit-probe'] })
    expect(done).toMatchObject({ ok: true, kind: 'check' })
    expect(driver.svc.checklist().items.find((i) => i.stepId === 'kit-probe')).toMatchObject({ status: 'pass', summary: 'port 2222, stored 2222' })
    const gated = await driver.run('step:run', { stepId: 'kit-gated', action: 'apply' })
    expect(gated).toMatchObject({ ok: true, kind: 'apply' })
    expect((await lab.exec(['bash', '-c', 'test -e /root/kit-gated.applied && echo yes || echo no'])).stdout.trim()).toBe('yes')
  })

  it('the launcher pass (no sudo password at all) gives each check its saved inputs too', async () => {
    expect(await driver.run('step:run', { stepId: 'sudo-check-launcher', action: 'apply' })).toMatchObject({ ok: true })
    // A second window on the same data folder, with no sudo password: checks go through the launcher (sudo -n).
    const d = new ServiceDriver(driver.dataDir)
    try {
      await d.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
      const started = await d.call('checks:run', { stepIds: ['kit-probe'] })
      expect(started).toMatchObject({ terminal: false, command: expect.stringMatching(/check launcher \(sudo -n, no password\)/) })
      await waitFor(() => d.finished.length > 0, 120_000, 'the launcher pass')
      expect(d.terminal).toBe('')
      expect(d.svc.checklist().items.find((i) => i.stepId === 'kit-probe')).toMatchObject({ status: 'pass', summary: 'port 2222, stored 2222' })
    } finally {
      await d.svc.dispose()
    }
  })
})

function labKey(): string {
  const key = driver.svc.state().connected?.key
  if (!key) throw new Error('not connected')
  return key
}

async function waitForMachine(probe: () => Promise<{ code: number }>, timeoutMs = 120_000): Promise<void> {
  const start = Date.now()
  while ((await probe()).code !== 0) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the job')
    await new Promise((r) => setTimeout(r, 200))
  }
}

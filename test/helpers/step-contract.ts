import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import JSON5 from 'json5'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogStep } from '../../src/catalog'
import { collectJob, jobLaunch, recordsFrom, stageJob, type JobItem } from '../../src/core/runner/job'
import type { SshTarget } from '../../src/core/targets/ssh-target'
import type { CheckRecord } from '../../src/shared/step'
import { startLab, type Lab, type StartLabOptions } from '../lab/lab'
import { labTarget } from './lab-target'

export interface StepContractOptions {
  readonly lab?: StartLabOptions
  /** Job parameters besides the step inputs (e.g. `{ OC_USER: 'ocss' }`, which the service sends to every job). */
  readonly params?: Readonly<Record<string, string>>
  /** Step inputs, sent as IN_<NAME> (OCSS_IN_<NAME> in the scripts). */
  readonly inputs?: Readonly<Record<string, string>>
  /** Brings the lab to the state the step starts from (e.g. OpenClaw onboarded). */
  readonly setup?: (lab: Lab) => Promise<void>
  /** Everything the step touches (key values, modes, units, listeners): undo must bring it back exactly. */
  readonly touched: (lab: Lab) => Promise<string>
  /** What must not move at all when apply runs again (file bytes, backups): defaults to `touched`. */
  readonly exact?: (lab: Lab) => Promise<string>
  /** Makes the step's check pass with the tools a person would use (OpenClaw's own CLI), no app involved. */
  readonly hardenByHand: (lab: Lab) => Promise<void>
  /** Breaks the layer by hand after hardenByHand: this step fails, the `siblings` keep their verdicts. */
  readonly breakByHand: (lab: Lab) => Promise<void>
  /** More hand-made states that must fail this step (after hardenByHand), each undone again by `unmake`. */
  readonly alsoFails?: readonly { readonly what: string; make(lab: Lab): Promise<void>; unmake(lab: Lab): Promise<void> }[]
  /** More hand-made states that must still pass (after hardenByHand), each undone again by `unmake`. */
  readonly alsoPasses?: readonly { readonly what: string; make(lab: Lab): Promise<void>; unmake(lab: Lab): Promise<void>; evidence?: RegExp }[]
  /** Looks at the first apply's output (e.g. the audit lines it printed), and at the lab it left (e.g. traffic tried). */
  readonly afterApply?: (run: JobRun, lab: Lab) => void | Promise<void>
  /** Looks at the lab after the undo, once its snapshot matched (e.g. what works again). */
  readonly afterUndo?: (lab: Lab) => Promise<void>
  /** Other steps checked alongside: breaking this step by hand must not change their verdicts. */
  readonly siblings?: readonly string[]
  /** Strings that must appear in no record (a gateway token the setup made, …). */
  readonly canaries?: () => readonly string[]
  /** Per-test timeout (apply runs OpenClaw's schema, dry run, write, validate and deep audit). */
  readonly timeoutMs?: number
}

export interface JobRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs apply/undo items the way the app does: staged by the login user, verified and run as root by the launcher. */
export async function runJob(target: SshTarget, items: readonly JobItem[], params: Readonly<Record<string, string>> = {}, timeoutMs = 400_000): Promise<JobRun> {
  const t = Date.now()
  const job = await stageJob(target, items, params)
  const r = await target.exec('exec /bin/bash -c "$OCSS_LAUNCH" ocss-job "$OCSS_DIR" "$OCSS_HASH" "$OCSS_ID"', { asRoot: true, params: { LAUNCH: jobLaunch, DIR: job.dir, HASH: job.manifestHash, ID: job.id }, timeoutMs })
  await collectJob(target, job)
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t }
}

/** Runs checks as one staged job (one facts read serves them all) and evaluates them; also returns each raw output. */
export async function runChecks(target: SshTarget, stepIds: readonly string[], params: Readonly<Record<string, string>> = {}): Promise<{ records: CheckRecord[]; outputs: string[]; ms: number }> {
  const t = Date.now()
  const items = stepIds.map((stepId) => ({ stepId, action: 'check' as const }))
  const job = await stageJob(target, items, params)
  const r = await target.exec('exec /bin/bash -c "$OCSS_LAUNCH" ocss-job "$OCSS_DIR" "$OCSS_HASH" "$OCSS_ID" >/dev/null', { asRoot: true, params: { LAUNCH: jobLaunch, DIR: job.dir, HASH: job.manifestHash, ID: job.id }, timeoutMs: 120_000 })
  const results = await collectJob(target, job)
  if (r.exitCode !== 0) throw new Error(`check job failed (${r.exitCode}): ${r.stderr}`)
  return { records: recordsFrom(results), outputs: results.map((x) => x.output), ms: Date.now() - t }
}

/** A shell command in the lab (as `user` when given), failing the test when it fails. */
export async function labSh(lab: Lab, script: string, opts: { user?: string; input?: string } = {}): Promise<string> {
  const r = await lab.exec(['bash', '-c', script], { ...opts, timeoutMs: 300_000 })
  if (r.code !== 0) throw new Error(`${opts.user ?? 'root'}: ${script}: exit ${r.code}\n${r.stderr}\n${r.stdout}`)
  return r.stdout
}

/**
 * The lab's preinstalled OpenClaw, onboarded by hand with OpenClaw's own CLI as the lab user (until the app's own
 * account/install/onboard steps land): its node on the account's PATH (~/.local/bin), non-interactive onboarding with
 * the token from stdin into an env SecretRef, then the token moved into OpenClaw's secret store behind a store
 * SecretRef. The token is returned so tests can assert it appears nowhere; it never reaches an argument list.
 */
export async function onboardLabOpenClaw(lab: Lab, user = lab.user): Promise<string> {
  const token = randomBytes(48).toString('base64url')
  await labSh(lab, 'mkdir -p ~/.local/bin && ln -sf /opt/openclaw/node_modules/node/bin/node ~/.local/bin/node', { user })
  await labSh(
    lab,
    'IFS= read -r OPENCLAW_GATEWAY_TOKEN && export OPENCLAW_GATEWAY_TOKEN && openclaw onboard --non-interactive --accept-risk --mode local --auth-choice skip ' +
      '--gateway-bind loopback --gateway-auth token --gateway-token-ref-env OPENCLAW_GATEWAY_TOKEN --secret-input-mode ref --skip-health ' +
      '--no-install-daemon --skip-channels --skip-skills --skip-search --skip-ui --json >/dev/null',
    { user, input: `${token}\n` },
  )
  await labSh(lab, 'openclaw secrets store set GATEWAY_TOKEN --kind secret --value-file - >/dev/null && openclaw config set gateway.auth.token --ref-provider default --ref-source store --ref-id GATEWAY_TOKEN >/dev/null', { user, input: token })
  return token
}

/** `openclaw ARGS` as the lab user (the way a person hardens by hand). */
export async function openclawByHand(lab: Lab, args: readonly string[], user = lab.user): Promise<void> {
  const r = await lab.exec(['openclaw', ...args], { user, timeoutMs: 300_000 })
  if (r.code !== 0) throw new Error(`openclaw ${args.join(' ')}: exit ${r.code}\n${r.stderr}`)
}

/** The values of `keys` in the account's openclaw.json (JSON5, read as root), "absent" for an unset key. */
export async function openclawKeys(lab: Lab, keys: readonly string[], home = `/home/${lab.user}`): Promise<string> {
  const r = await lab.exec(['cat', `${home}/.openclaw/openclaw.json`])
  const cfg: unknown = r.code === 0 ? JSON5.parse(r.stdout) : {}
  const get = (key: string) => key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' && k in v ? (v as Record<string, unknown>)[k] : undefined), cfg)
  return keys.map((k) => `${k}=${JSON.stringify(get(k)) ?? 'absent'}`).join('\n')
}

/**
 * SHA-256 of openclaw.json and every .bak file, and the modes of the state folder's entries (without OpenClaw's own
 * workspace, agents, plugin-skills and state/ folders, whose SQLite -wal/-shm files come and go with every openclaw run).
 */
export async function openclawFiles(lab: Lab, home = `/home/${lab.user}`): Promise<string> {
  return labSh(lab, `cd '${home}/.openclaw' && sha256sum openclaw.json* && find . -maxdepth 2 \\( -path ./workspace -o -path ./agents -o -path ./plugin-skills -o -path ./state \\) -prune -o -printf '%y %m %u %p\\n' | sort`)
}

/** The gateway's listeners and user unit, as `ss` and systemd see them. */
export async function gatewayRuntime(lab: Lab): Promise<string> {
  return labSh(lab, "ss -ltnH | awk '{print $4}' | sort; ls /home/*/.config/systemd/user 2>/dev/null || true")
}

const fixtureDir = (step: CatalogStep) => resolve(__dirname, '../../src/catalog', step.meta.id, 'fixtures')

/**
 * The one lab contract every step keeps, in order: apply → check passes → apply again changes nothing → undo → the
 * snapshot equals the one before apply → the fail state fails and the pass state passes (live, and as the committed
 * fixtures `lab-before.fail.txt` / `lab-applied.pass.txt`, rewritten from the lab with OCSS_WRITE_FIXTURES=1) → hardened
 * by hand passes, broken by hand fails exactly this step.
 */
export function describeStepContract(step: CatalogStep, o: StepContractOptions): void {
  const id = step.meta.id
  const timeout = o.timeoutMs ?? 600_000
  const params: Record<string, string> = { ...(o.params ?? {}) }
  for (const [k, v] of Object.entries(o.inputs ?? {})) params[`IN_${k}`] = v
  let lab: Lab
  let target: SshTarget
  let before = ''
  let beforeOutput = ''
  let applied = ''
  let appliedExact = ''
  let appliedOutput = ''
  const records: CheckRecord[] = []
  const check = async (ids: readonly string[] = [id]) => {
    const r = await runChecks(target, ids, params)
    records.push(...r.records)
    return r
  }

  describe(`${id}: the step contract on the lab`, () => {
    beforeAll(async () => {
      lab = await startLab(o.lab)
      target = labTarget(lab)
      await o.setup?.(lab)
    }, 900_000)
    afterAll(async () => {
      await target?.dispose()
      await lab?.stop()
    })

    it('before apply: the check fails', async () => {
      before = await o.touched(lab)
      const r = await check()
      beforeOutput = r.outputs[0] ?? ''
      expect(r.records[0]).toMatchObject({ stepId: id, status: 'fail' })
    }, timeout)

    it('apply succeeds and the check passes', async () => {
      const run = await runJob(target, [{ stepId: id, action: 'apply' }], params)
      console.log(`${id}: apply took ${run.ms} ms`)
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
      await o.afterApply?.(run, lab)
      applied = await o.touched(lab)
      appliedExact = await (o.exact ?? o.touched)(lab)
      const r = await check()
      console.log(`${id}: check took ${r.ms} ms`)
      appliedOutput = r.outputs[0] ?? ''
      expect(r.records[0], JSON.stringify(r.records[0])).toMatchObject({ stepId: id, status: 'pass' })
    }, timeout)

    it('applying again changes nothing', async () => {
      const run = await runJob(target, [{ stepId: id, action: 'apply' }], params)
      console.log(`${id}: second apply took ${run.ms} ms`)
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
      expect(await (o.exact ?? o.touched)(lab)).toBe(appliedExact)
      expect(await o.touched(lab)).toBe(applied)
    }, timeout)

    it('undo brings back the snapshot taken before apply', async () => {
      const run = await runJob(target, [{ stepId: id, action: 'undo' }], params)
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
      expect(await o.touched(lab)).toBe(before)
      await o.afterUndo?.(lab)
    }, timeout)

    it('the fail state fails and the pass state passes (live and as committed fixtures)', async () => {
      const r = await check()
      expect(r.records[0]).toMatchObject({ status: 'fail' })
      expect(step.evaluate({ exitCode: 0, stdout: beforeOutput }).status).toBe('fail')
      expect(step.evaluate({ exitCode: 0, stdout: appliedOutput }).status).toBe('pass')
      const dir = fixtureDir(step)
      if (process.env.OCSS_WRITE_FIXTURES === '1') {
        writeFileSync(resolve(dir, 'lab-before.fail.txt'), beforeOutput)
        writeFileSync(resolve(dir, 'lab-applied.pass.txt'), appliedOutput)
      }
      expect(step.evaluate({ exitCode: 0, stdout: readFileSync(resolve(dir, 'lab-before.fail.txt'), 'utf8') }).status).toBe('fail')
      expect(step.evaluate({ exitCode: 0, stdout: readFileSync(resolve(dir, 'lab-applied.pass.txt'), 'utf8') }).status).toBe('pass')
    }, timeout)

    it('hardened by hand passes; broken by hand fails exactly this step', async () => {
      const ids = [id, ...(o.siblings ?? [])]
      await o.hardenByHand(lab)
      const hardened = await check(ids)
      expect(hardened.records[0], JSON.stringify(hardened.records[0])).toMatchObject({ status: 'pass' })
      for (const f of o.alsoPasses ?? []) {
        await f.make(lab)
        try {
          const r = await check()
          expect(r.records[0], `${f.what}: ${JSON.stringify(r.records[0])}`).toMatchObject({ status: 'pass' })
          if (f.evidence) expect(r.records[0]?.evidence.join('\n')).toMatch(f.evidence)
        } finally {
          await f.unmake(lab)
        }
      }
      for (const f of o.alsoFails ?? []) {
        await f.make(lab)
        const r = await check()
        expect(r.records[0], `${f.what}: ${JSON.stringify(r.records[0])}`).toMatchObject({ status: 'fail' })
        await f.unmake(lab)
        expect((await check()).records[0], f.what).toMatchObject({ status: 'pass' })
      }
      // The siblings' verdicts just before the break (the states above may have left files behind, as a gateway run does).
      const baseline = await check(ids)
      await o.breakByHand(lab)
      const broken = await check(ids)
      expect(broken.records[0], JSON.stringify(broken.records[0])).toMatchObject({ status: 'fail' })
      expect(broken.records.slice(1).map((r) => [r.stepId, r.status])).toEqual(baseline.records.slice(1).map((r) => [r.stepId, r.status]))
    }, timeout)

    it('no check record holds a secret the setup made (summary and evidence)', () => {
      expect(records.length).toBeGreaterThan(0)
      for (const c of o.canaries?.() ?? []) for (const r of records) expect(JSON.stringify(r)).not.toContain(c)
    })
  })
}

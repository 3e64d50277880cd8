/**
 * The lab section of `npm run bench`: the re-check pass of every SSH check on a lab target, over the persistent control
 * channel and with one SSH connection per check, directly and through a delaying TCP proxy (+50 ms one way).
 * Needs root and the cached lab rootfs; otherwise it says why it skips. Test harness code (test/lab) is bundled in.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { stepsFor } from '../catalog'
import { runChecksViaControl } from '../core/runner/job'
import { runChecksBatched } from '../core/runner/check-batch'
import { runRecheckPass } from '../core/service/recheck-pass'
import { AUDIT_SCRIPT } from '../core/checklist/openclaw-audit'
import { withIncludes } from '../catalog/catalog-step'
import auditStamp from '../catalog/lib/audit-stamp.sh?raw'
import { SshTarget } from '../core/targets/ssh-target'
import { labHostKey } from '../../test/helpers/lab-target'
import { startDelayProxy, type DelayProxy } from '../../test/lab/delay-proxy'
import type { Lab } from '../../test/lab/lab'

export interface BenchRow {
  readonly latency: string
  readonly mode: string
  readonly checks: number
  readonly wallMs: number
  readonly roundTrips: number
  readonly sshProcesses: number
}

/** Why the section cannot run here, or null. */
export function labSkipReason(root = process.cwd()): string | null {
  if (process.platform !== 'linux') return 'the lab needs Linux'
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces, mounts); run npm run bench as root'
  const scripts = resolve(root, 'test/lab')
  if (!existsSync(join(scripts, 'lab-init.sh'))) return `no test/lab folder under ${root}; run npm run bench from the repository`
  const r = spawnSync('bash', [join(scripts, 'build-rootfs.sh'), '--print-path'], { encoding: 'utf8' })
  if (r.status !== 0) return 'the lab rootfs is not built; run bash test/lab/build-rootfs.sh once (about 2 minutes)'
  return null
}

function target(lab: Lab, via?: DelayProxy): SshTarget {
  const spec = { kind: 'ssh' as const, user: lab.user, host: via ? via.host : lab.host, port: via ? via.port : lab.port, identityFile: lab.identityFile }
  return new SshTarget(spec, { hostKey: labHostKey(lab), stateDir: mkdtempSync(join(tmpdir(), 'ocss-bench-kh-')), sudoPassword: () => lab.sudoPassword })
}

async function measure(fn: () => Promise<{ roundTrips: number; ssh: number }>): Promise<{ wallMs: number; roundTrips: number; sshProcesses: number }> {
  const t0 = performance.now()
  const r = await fn()
  return { wallMs: performance.now() - t0, roundTrips: r.roundTrips, sshProcesses: r.ssh }
}

/** Runs every scenario for one latency setting. */
async function scenarios(lab: Lab, latency: string, ids: readonly string[], via?: DelayProxy): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const add = (mode: string, m: { wallMs: number; roundTrips: number; sshProcesses: number }) => rows.push({ latency, mode, checks: ids.length, ...m })

  // Cold: connect (sudo probe, user + root channel) and run the pass. Warm: the re-check pass on reopening, the
  // channels already up. Both for the staged job (stage + launch + collect, the terminal-job path) and for the same
  // pass batched into one root request (check-batch.sh).
  const coldAndWarm = async (name: string, run: (t: SshTarget) => Promise<unknown>) => {
    const t = target(lab, via)
    add(`${name}, incl. connect`, await measure(async () => {
      await run(t)
      return { roundTrips: t.channelRequests, ssh: t.channelStarts }
    }))
    const r0 = t.channelRequests
    const s0 = t.channelStarts
    add(`${name}, re-check pass`, await measure(async () => {
      await run(t)
      return { roundTrips: t.channelRequests - r0, ssh: t.channelStarts - s0 }
    }))
    await t.dispose()
  }
  await coldAndWarm('staged job', (t) => runChecksViaControl(t, ids))
  await coldAndWarm('batched', (t) => runChecksBatched(t, ids))

  // One SSH connection per check: a fresh target (and so fresh ssh processes) for each check.
  add('one SSH connection per check', await measure(async () => {
    let roundTrips = 0
    let ssh = 0
    for (const id of ids) {
      const t = target(lab, via)
      await runChecksViaControl(t, [id])
      roundTrips += t.channelRequests
      ssh += t.channelStarts
      await t.dispose()
    }
    return { roundTrips, ssh }
  }))
  return rows
}

/** The deep audit alone, started by root as the account exactly as the batch starts it, in one root request. */
const AUDIT_ALONE = withIncludes('# @include audit-stamp.sh\nprintf \'%s\\n\' "$OCSS_AUDIT_SCRIPT" | ocss_audit_as_account openclaw\n', { 'audit-stamp.sh': auditStamp })

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

/**
 * The issue's performance goal: the whole re-check pass (OS checks, OpenClaw-level checks and the deep audit
 * alongside) divided by the deep audit alone, both on a warm connection, measured in the same run, alternately.
 */
export interface AuditRatio {
  readonly passMs: number
  readonly auditMs: number
  readonly checksMs: number
  readonly ratio: number
  readonly runs: readonly { readonly passMs: number; readonly auditMs: number; readonly checksMs: number }[]
}

export async function auditRatio(lab: Lab, ids: readonly string[], runs = 5): Promise<AuditRatio> {
  const add = await lab.exec(['bash', '-c', 'id openclaw >/dev/null 2>&1 || useradd -m -s /bin/bash openclaw'])
  if (add.code !== 0) throw new Error(`could not create the OpenClaw account in the lab: ${add.stderr}`)
  const t = target(lab)
  try {
    await runChecksBatched(t, ids) // warm: sudo probe, both channels up
    const all: { passMs: number; auditMs: number; checksMs: number }[] = []
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now()
      await runChecksBatched(t, ids)
      const checksMs = performance.now() - t0
      t0 = performance.now()
      const r = await t.exec(AUDIT_ALONE, { asRoot: true, params: { AUDIT_SCRIPT }, timeoutMs: 240_000 })
      const auditMs = performance.now() - t0
      if (!/^ocss-audit rc 0$/m.test(r.stdout)) throw new Error(`the deep audit alone did not finish: ${r.stderr.slice(0, 300)}`)
      t0 = performance.now()
      const o = await runRecheckPass(t, ids, { withAudit: true, onPart: () => undefined })
      all.push({ passMs: performance.now() - t0, auditMs, checksMs })
      const rec = o.records.find((x) => x.stepId === 'openclaw-audit')
      if (!rec?.evidence.some((l) => l.startsWith('audited account: openclaw'))) throw new Error(`the pass did not audit the OpenClaw account: ${rec?.summary ?? 'no audit record'}`)
    }
    const passMs = median(all.map((r) => r.passMs))
    const auditMs = median(all.map((r) => r.auditMs))
    return { passMs, auditMs, checksMs: median(all.map((r) => r.checksMs)), ratio: passMs / auditMs, runs: all }
  } finally {
    await t.dispose()
  }
}

export function formatRows(rows: readonly BenchRow[]): string {
  const head = ['latency', 'mode', 'checks', 'wall time', 'round trips', 'ssh processes']
  const body = rows.map((r) => [r.latency, r.mode, String(r.checks), `${r.wallMs.toFixed(0)} ms`, String(r.roundTrips), String(r.sshProcesses)])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

export async function benchLab(write: (s: string) => void): Promise<void> {
  const why = labSkipReason()
  if (why) {
    write(`lab re-check pass: skipped (${why})\n`)
    return
  }
  process.env.OCSS_LAB_SCRIPTS_DIR = resolve(process.cwd(), 'test/lab')
  const { startLab } = await import('../../test/lab/lab')
  const lab = await startLab()
  const proxies: DelayProxy[] = []
  try {
    const real = stepsFor('ssh').map((s) => s.meta.id)
    // The catalogue has few SSH checks yet; the same checks repeated show how each mode scales with a fuller list.
    const eight = Array.from({ length: 8 }, (_, i) => real[i % real.length] ?? '')
    const rows: BenchRow[] = []
    for (const ids of [real, eight]) rows.push(...(await scenarios(lab, '0 ms', ids)))
    const proxy = await startDelayProxy({ target: { host: lab.host, port: lab.port }, delayMs: 50 })
    proxies.push(proxy)
    for (const ids of [real, eight]) rows.push(...(await scenarios(lab, '+50 ms one way', ids, proxy)))
    write(`\nlab re-check pass (SSH checks: ${real.join(', ')}; sudo with password; lab ${lab.host}, proxy 127.0.0.1:${proxy.port})\n`)
    write(`${formatRows(rows)}\n`)
    const ocIds = stepsFor('ssh').map((s) => s.meta.id)
    const ratio = await auditRatio(lab, ocIds)
    write(`\nwhole re-check pass (${ocIds.length} checks + deep audit as the OpenClaw account) / deep audit alone (goal <= 1.1)\n`)
    write(`  ${ratio.ratio.toFixed(2)} (medians of ${ratio.runs.length}, warm connection, 0 ms latency: pass ${ratio.passMs.toFixed(0)} ms, audit alone ${ratio.auditMs.toFixed(0)} ms; the OS checks alone ${ratio.checksMs.toFixed(0)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs)\n`)
    write(`  runs (checks alone / audit alone / pass): ${ratio.runs.map((r) => `${r.checksMs.toFixed(0)}/${r.auditMs.toFixed(0)}/${r.passMs.toFixed(0)}`).join(', ')} ms\n`)
  } finally {
    for (const p of proxies) await p.close()
    await lab.stop()
  }
}

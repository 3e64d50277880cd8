/**
 * npm run bench: prints performance figures; it never fails on a number.
 * Covers the hot paths that do not need a target: input validation, the redactor (10 KB vs 100 KB), check evaluation, the stdin protocol
 * through a real bash, and terminal throughput through a real node-pty with flow control.
 */
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { STEPS } from '../catalog'
import { parseSections } from '../catalog/catalog-step'
import { parseSshUrl } from '../shared/target-spec'
import { PtySession } from '../core/targets/pty-session'
import { BOOTSTRAP, buildStdin, newMarker } from '../core/targets/stdin-protocol'
import { channelPreamble, ControlChannel } from '../core/targets/control-channel'
import { AppError } from '../core/app-error'
import { redact } from '../checklist/redact'
import { msPerCall } from '../shared/ms-per-call'

function row(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`)
}

function time(label: string, n: number, fn: () => void): void {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) fn()
  row(label, `${(((performance.now() - t0) / n) * 1000).toFixed(1)} µs/op (${n} runs)`)
}

async function ptyThroughput(bytes: number): Promise<void> {
  const t0 = performance.now()
  let received = 0
  let batches = 0
  const s: PtySession = new PtySession(
    { file: 'bash', args: ['--norc', '--noprofile', '-c', `head -c ${bytes} /dev/zero | tr '\\0' x`], display: '' },
    { onData: (d) => { received += d.length; batches++; setImmediate(() => s.ack(d.length)) }, onExit: () => undefined },
  )
  await s.exitPromise
  const secs = (performance.now() - t0) / 1000
  row(`terminal throughput (node-pty, ${bytes / 1e6} MB, acked)`, `${(received / 1e6 / secs).toFixed(1)} MB/s in ${batches} IPC batches`)
}

const sample = '### ufw-status\nStatus: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n\nTo Action From\n-- ------ ----\n22/tcp ALLOW IN Anywhere\n### sshd-ports\n22\n'
/** The redactor on one long line of "tokenx…" (the review's ReDoS input): linear means ~10x for 10x the length. */
function redactionScaling(): void {
  const line = (bytes: number) => 'tokenx'.repeat(Math.ceil(bytes / 6)).slice(0, bytes)
  const [ten, hundred] = [line(10_000), line(100_000)]
  redact(ten)
  const small = msPerCall(() => redact(ten))
  const large = msPerCall(() => redact(hundred))
  row('redact one "tokenx…" line, 10 KB', `${small.toFixed(2)} ms`)
  row('redact one "tokenx…" line, 100 KB', `${large.toFixed(2)} ms (${(large / small).toFixed(1)}x the 10 KB time; linear ~10x, cubic ~1000x)`)
}

redactionScaling()
time('parse ssh:// target', 20_000, () => parseSshUrl('ssh://ocss@10.0.0.2:2222'))
time('parse check sections', 20_000, () => parseSections(sample))
for (const s of STEPS) time(`evaluate ${s.meta.id}`, 20_000, () => s.evaluate({ exitCode: 0, stdout: sample }))
time('stdin protocol: script + 3 params through local bash', 50, () => {
  const marker = newMarker()
  spawnSync('bash', ['-c', BOOTSTRAP, marker], { input: buildStdin({ marker, script: 'echo "$OCSS_A$OCSS_B$OCSS_C"', params: { A: '1', B: '2', C: '3' } }) })
})
async function channelVsSpawn(n: number): Promise<void> {
  const ch = new ControlChannel(
    () => {
      const marker = newMarker()
      return { file: 'bash', args: ['-c', BOOTSTRAP, marker], preamble: channelPreamble({ marker }) }
    },
    () => new AppError('CONNECTION_FAILED', 'channel ended', ''),
  )
  let t0 = performance.now()
  for (let i = 0; i < n; i++) await ch.request('echo "$OCSS_I"', { I: String(i) })
  const persistent = (performance.now() - t0) / n
  ch.close()
  t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const marker = newMarker()
    spawnSync('bash', ['-c', BOOTSTRAP, marker], { input: buildStdin({ marker, script: 'echo "$OCSS_I"', params: { I: String(i) } }) })
  }
  const perRequest = (performance.now() - t0) / n
  row(`control channel, local bash far end (${n} requests)`, `persistent ${persistent.toFixed(2)} ms/req, ${ch.starts} process; one process per request ${perRequest.toFixed(2)} ms/req, ${n} processes`)
}

await channelVsSpawn(100)
await ptyThroughput(20_000_000)
await (await import('./bench-lab')).benchLab((s) => process.stdout.write(s))

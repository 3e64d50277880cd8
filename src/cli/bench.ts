/** npm run bench: prints performance figures (no pass/fail). Placeholder figures filled in by later steps. */
import { performance } from 'node:perf_hooks'
import { STEPS } from '../catalog'
import { parseSections } from '../catalog/catalog-step'
import { parseSshUrl } from '../shared/target-spec'

function time(label: string, n: number, fn: () => void): void {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) fn()
  const per = (performance.now() - t0) / n
  process.stdout.write(`${label.padEnd(44)} ${(per * 1000).toFixed(1).padStart(9)} µs/op  (${n} runs)\n`)
}

const sample = '### ufw-status\nStatus: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n\nTo Action From\n-- ------ ----\n22/tcp ALLOW IN Anywhere\n### sshd-ports\n22\n'
time('parse ssh:// target', 20_000, () => parseSshUrl('ssh://ocss@10.0.0.2:2222'))
time('parse check sections', 20_000, () => parseSections(sample))
for (const s of STEPS) time(`evaluate ${s.meta.id}`, 20_000, () => s.evaluate({ exitCode: 0, stdout: sample }))

import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

const iso = (epoch: string | undefined): string => {
  const n = Number(epoch)
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString().replace('.000Z', 'Z') : '?'
}
const configLine = (sha: string | undefined, mtime: string | undefined): string =>
  sha === 'absent' ? 'openclaw.json: absent (OpenClaw runs on its defaults)' : `openclaw.json: sha256 ${(sha ?? '?').slice(0, 16)}…, last changed ${iso(mtime)}`

/**
 * "Security audit after every config change": passes when the last deep audit (root's stamp, written when root ran the
 * audit as the OpenClaw account) read the openclaw.json that is on disk now. The config's content is compared (sha256),
 * not only its time: an edit that keeps the mtime, or a clock set back, cannot make a stale audit look fresh.
 */
export function evaluateAuditFresh(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const account = s.get('account')?.[0]?.trim()
  if (!account) return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  if (s.has('no-account')) {
    return {
      status: 'fail',
      summary: `There is no OpenClaw account "${account}" on this machine yet, so no audit of it is recorded. Set up the OpenClaw account and install OpenClaw, then re-check.`,
      evidence: [`account: ${account} (not found)`],
    }
  }
  const [sha, mtime] = (s.get('config')?.[0] ?? '').trim().split(' ')
  const stamp = s.get('stamp') ?? []
  if (sha === undefined || stamp.length === 0) return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  const evidence = [`account: ${account}`]
  if (sha === 'refused') {
    return { status: 'fail', summary: `${account}'s openclaw.json is a symlink or not a regular file; the check does not follow it. Make it a regular file (mode 600), then re-check.`, evidence: [...evidence, 'openclaw.json: not a regular file'] }
  }
  evidence.push(configLine(sha, mtime))
  const first = stamp[0]?.trim() ?? ''
  if (first === 'none') {
    return { status: 'fail', summary: `No deep audit of ${account}'s OpenClaw is recorded yet. Apply runs it now (every re-check runs it too).`, evidence: [...evidence, 'last deep audit: none recorded'] }
  }
  if (first.startsWith('untrusted')) {
    return { status: 'fail', summary: 'The audit record is not a root-owned file of mode 600, so it is not trusted. Apply runs the audit again and rewrites it.', evidence: [...evidence, `audit record: ${first.slice(0, 200)}`] }
  }
  const at = /^audited-at (\d+)$/m.exec(stamp.join('\n'))?.[1]
  const conf = /^config (\S+) (\S+)$/m.exec(stamp.join('\n'))
  if (!at || !conf) return { status: 'error', summary: 'The audit record could not be read. Apply runs the audit again and rewrites it.', evidence: [...evidence, ...stamp.slice(0, 3)] }
  evidence.push(`last deep audit: ${iso(at)}, of ${configLine(conf[1], conf[2]).replace(/^openclaw\.json: /, 'openclaw.json ')}`)
  if (conf[1] === sha) {
    return { status: 'pass', summary: `The last deep audit (${iso(at)}) read the openclaw.json that is there now${sha === 'absent' ? '' : ` (last changed ${iso(mtime)})`}.`, evidence }
  }
  return {
    status: 'fail',
    summary: `openclaw.json changed (${sha === 'absent' ? 'removed' : `last at ${iso(mtime)}`}) after the last deep audit (${iso(at)}). Apply runs the audit now (a re-check runs it too).`,
    evidence,
  }
}

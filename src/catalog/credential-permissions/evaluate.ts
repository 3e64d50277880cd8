import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { factsError } from '../openclaw/config-step'
import { parseOpenClawFacts, type PathFact } from '../openclaw/facts'

/** The paths whose mode is judged (modes.sh `judged`): every file listed, and these folders. OpenClaw's other folders may be 755. */
function judged(p: PathFact): boolean {
  if (p.type === 'file' || p.type === 'symlink') return true
  return p.type === 'dir' && (p.path === '.' || p.path === 'credentials' || p.path.startsWith('credentials/') || p.path === '.ocss-undo')
}

const octal = (m: number) => m.toString(8).padStart(3, '0')
const label = (p: PathFact) => (p.path === '.' ? '~/.openclaw' : `~/.openclaw/${p.path}`)

export function evaluateCredentials(output: CheckOutput): CheckVerdict {
  const facts = parseOpenClawFacts(parseSections(output.stdout))
  const err = factsError(facts)
  if (err) return err
  const user = facts.account.state === 'ok' ? facts.account.user : ''
  const root = facts.paths.find((p) => p.path === '.')
  if (!root) return { status: 'fail', summary: `${user} has no OpenClaw state folder (~/.openclaw). Onboard OpenClaw first.`, evidence: ['~/.openclaw: absent'] }
  const paths = facts.paths.filter(judged)
  const problems: string[] = []
  for (const p of paths) {
    if (p.type === 'symlink') problems.push(`${label(p)} is a symlink`)
    else if ((p.mode & 0o077) !== 0) problems.push(`${label(p)} is ${octal(p.mode)} (want ${p.type === 'dir' ? '700' : '600'})`)
    if (p.owner !== user) problems.push(`${label(p)} belongs to ${p.owner}, not ${user}`)
  }
  const evidence = paths.map((p) => `${label(p)}: ${p.type} ${octal(p.mode)} ${p.owner}`)
  if (problems.length > 0) return { status: 'fail', summary: `Credential files are open: ${problems.slice(0, 6).join('; ')}${problems.length > 6 ? ` (and ${problems.length - 6} more)` : ''}.`, evidence }
  return { status: 'pass', summary: `OpenClaw's state folder and its ${paths.length - 1} credential path(s) are owner-only (700/600) and none is a symlink.`, evidence }
}

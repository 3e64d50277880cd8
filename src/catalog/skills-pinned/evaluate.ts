import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { parseOpenClawFacts } from '../openclaw/facts'

/** An exact semantic version: 1.2.3, 1.2.3-beta.1, 1.2.3+build. Not a range, not a tag such as "latest". */
export const EXACT_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/

/** Sources OpenClaw gives the skills shipped in its own package (the plugin skills are found by their folder). */
const PACKAGE_SOURCES = new Set(['openclaw-bundled', 'openclaw-custodian'])

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The `KIND {json}` lines of a section, as objects, for one kind. */
function lines(section: readonly string[] | undefined, kind: string): Obj[] {
  const res: Obj[] = []
  for (const l of section ?? []) {
    if (!l.startsWith(`${kind} `)) continue
    try {
      const v: unknown = JSON.parse(l.slice(kind.length + 1))
      if (isObj(v)) res.push(v)
    } catch {
      // a line the check did not print as JSON: ignored
    }
  }
  return res
}

const ORIGIN: Record<string, string> = { clawhub: 'ClawHub', path: 'a local folder', git: 'git', none: 'a folder with no origin file', unknown: 'a link out of its folder' }

/** Why a lock version is not an exact pin, or null when it is one. */
function pinProblem(v: unknown): string | null {
  if (v === undefined || v === null) return 'no version'
  if (typeof v !== 'string') return `version ${JSON.stringify(v)}, not a version string`
  if (EXACT_VERSION.test(v)) return null
  if (/^(latest|\*|x|)$/i.test(v.trim())) return `"${v}", which follows whatever is newest`
  return `"${v}", a range, not an exact version`
}

/**
 * Judges the skills OpenClaw lists: the ones from its own package (bundled, or whose folder is inside the package) are
 * not counted; every other one must be in the workspace's ClawHub lock file ({"version": 1} as a number, as OpenClaw
 * reads it) at an exact version, the one it is installed at.
 */
export function evaluateSkillsPinned(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  const facts = parseOpenClawFacts(sections)
  const a = facts.account
  if (a.state === 'unread') return { status: 'error', summary: 'The check printed nothing usable.', evidence: ['no oc-account section'] }
  if (a.state === 'invalid') return { status: 'error', summary: 'The OpenClaw account name is not valid. Set it in the "OpenClaw account" step, then re-check.', evidence: ['oc-account: invalid'] }
  if (a.state === 'missing') return { status: 'error', summary: `There is no account "${a.user}" on the machine. Apply the "OpenClaw account" step, then re-check.`, evidence: [`getent passwd ${a.user}: not found`] }
  if (!facts.version) return { status: 'error', summary: `OpenClaw is not installed for ${a.user}. Apply the "Install OpenClaw" step, then re-check.`, evidence: [`no openclaw package on ${a.user}'s PATH`] }

  const list = sections.get('skills-list')
  if (!list) return { status: 'error', summary: 'The check printed no skill list.', evidence: ['no skills-list section'] }
  const failed = lines(list, 'failed')[0]
  if (failed) {
    const reason = str(failed.reason) ?? '?'
    const what: Record<string, string> = {
      'list-command-failed': `"openclaw skills list --json" failed as ${a.user}. Run it by hand as ${a.user} to see why, then re-check.`,
      'no-python3': 'The check reads the skill folders with /usr/bin/python3, which this machine lacks. Install python3 (apt-get install python3), then re-check.',
    }
    return { status: 'error', summary: what[reason] ?? `OpenClaw's skill list could not be read (${reason}). Run "openclaw skills list --json" as ${a.user}, then re-check.`, evidence: [`skills list: ${reason}`] }
  }
  const workspace = str(lines(list, 'workspace')[0]?.dir) ?? '?'
  const skills = lines(list, 'skill')
  const dirs = lines(sections.get('skills-dirs'), 'dir')
  const byName = new Map<string, Obj>()
  for (const d of dirs) { const n = str(d.name); if (n !== undefined && !byName.has(n)) byName.set(n, d) }

  let fromPackage = 0
  const outside: { name: string; source: string; slug: string; installed: string | undefined; origin: string }[] = []
  for (const s of skills) {
    const name = str(s.name) ?? ''
    const source = str(s.source) ?? '?'
    const dir = byName.get(name)
    if (s.bundled === true || PACKAGE_SOURCES.has(source) || dir?.package === true) { fromPackage++; continue }
    outside.push({
      name,
      source,
      slug: str(dir?.slug) ?? str(dir?.dir) ?? name,
      installed: str(dir?.installedVersion) ?? str(dir?.metaVersion),
      origin: ORIGIN[str(dir?.origin) ?? ''] ?? (dir ? String(dir.origin) : 'a place the check did not find'),
    })
  }

  const lockSection = sections.get('skills-lock')
  const lock = lines(lockSection, 'lock')[0]
  const lockPath = str(lock?.path) ?? `${workspace}/.clawhub/lock.json`
  const lockState = str(lock?.state) ?? 'unread'
  const pins = new Map<string, unknown>()
  for (const p of lines(lockSection, 'pin')) { const slug = str(p.slug); if (slug !== undefined) pins.set(slug, p.version) }

  const evidence: string[] = [
    `OpenClaw ${facts.version} for ${a.user}: ${skills.length} skills listed (openclaw skills list), ${fromPackage} from the OpenClaw package (not counted), ${outside.length} from outside`,
    `workspace: ${workspace}`,
  ]
  const problems: string[] = []
  let lockOk = false
  if (lockState === 'missing') evidence.push(`lock file: ${lockPath}: none`)
  else if (lockState === 'ok') {
    if (lock?.version === 1) { lockOk = true; evidence.push(`lock file: ${lockPath}: version 1, ${pins.size} ${pins.size === 1 ? 'entry' : 'entries'}`) }
    else {
      evidence.push(`lock file: ${lockPath}: version ${JSON.stringify(lock?.version)}`)
      problems.push(`the lock file's version is ${JSON.stringify(lock?.version)}, not the number 1, so OpenClaw refuses it`)
    }
  } else {
    evidence.push(`lock file: ${lockPath}: ${lockState}`)
    problems.push(`the lock file ${lockPath} cannot be read (${lockState}); OpenClaw itself refuses it`)
  }

  for (const o of outside) {
    const line = `${o.slug} ${o.installed ?? '(no version of its own)'} (${o.source}, from ${o.origin})`
    if (!lockOk) {
      evidence.push(`${line}: not pinned`)
      if (lockState === 'missing') problems.push(`${o.slug} is installed but there is no lock file`)
      continue
    }
    if (!pins.has(o.slug)) {
      evidence.push(`${line}: not in the lock file`)
      problems.push(`${o.slug} is installed but the lock file does not list it`)
      continue
    }
    const pinned = pins.get(o.slug)
    const bad = pinProblem(pinned)
    if (bad) {
      evidence.push(`${line}: lock ${JSON.stringify(pinned)}`)
      problems.push(`${o.slug} is not pinned to an exact version (the lock file has ${bad})`)
    } else if (o.installed !== undefined && o.installed !== pinned) {
      evidence.push(`${line}: lock ${String(pinned)}`)
      problems.push(`${o.slug} is installed at ${o.installed} but the lock file pins ${String(pinned)}`)
    } else evidence.push(`${line}: pinned at ${String(pinned)}`)
  }

  if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`, evidence }
  if (outside.length === 0) return { status: 'pass', summary: `No skills from outside OpenClaw are installed; the ${fromPackage} skills of the OpenClaw package are not counted.`, evidence }
  return { status: 'pass', summary: `Every skill from outside OpenClaw (${outside.length}) is pinned to the exact version it is installed at, in the ClawHub lock file.`, evidence }
}

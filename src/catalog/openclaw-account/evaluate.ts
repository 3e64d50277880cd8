import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/** One OpenClaw install the check found on the machine (see discover.sh). */
export interface FoundInstall {
  /** The account it belongs to, or 'system' for an openclaw in /usr/local/bin or /usr/bin. */
  readonly account: string
  readonly home: string
  readonly config: boolean
  readonly bin: string | null
  readonly version: string
  readonly unit: 'none' | 'installed' | 'enabled'
  readonly runs: 'user-service-active' | 'bare-process' | 'not-running' | '-'
  readonly pids: readonly number[]
}

const ADMIN_GROUPS = ['sudo', 'admin', 'wheel']

/** The `install` lines of the check's `installs` section. */
export function parseInstalls(lines: readonly string[]): FoundInstall[] {
  const out: FoundInstall[] = []
  for (const line of lines) {
    const [head, ...fields] = line.split('\t')
    if (head !== 'install') continue
    const f = new Map(fields.map((x) => [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)]))
    const unit = f.get('unit')
    const runs = f.get('runs')
    out.push({
      account: f.get('account') ?? '?',
      home: f.get('home') ?? '-',
      config: f.get('config') === 'yes',
      bin: f.get('bin') && f.get('bin') !== 'none' ? (f.get('bin') ?? null) : null,
      version: f.get('version') ?? 'unknown',
      unit: unit === 'installed' || unit === 'enabled' ? unit : 'none',
      runs: runs === 'user-service-active' || runs === 'bare-process' || runs === 'not-running' ? runs : '-',
      pids: (f.get('pids') ?? '').split(',').filter((p) => /^\d+$/.test(p)).map(Number),
    })
  }
  return out
}

const RUNS: Record<FoundInstall['runs'], string> = {
  'user-service-active': 'runs as its user service',
  'bare-process': 'runs as a bare process, not a service',
  'not-running': 'not running',
  '-': '',
}

/** "OpenClaw 2026.9.6 as alice (~/.openclaw, ~/.local/bin/openclaw; user service enabled; runs as its user service)". */
export function describeInstall(i: FoundInstall): string {
  if (i.account === 'system') return `OpenClaw ${i.version} in ${i.bin ?? '?'} (for every account)`
  const what = [i.config ? `${i.home}/.openclaw` : '', i.bin ?? '', i.unit === 'none' ? '' : `user service ${i.unit}`, RUNS[i.runs]]
  return `OpenClaw ${i.version} as ${i.account} (${what.filter(Boolean).join('; ')}${i.pids.length > 0 ? `, pid ${i.pids.join(',')}` : ''})`
}

function field(line: string | undefined, key: string): string | undefined {
  return line?.split('\t').find((f) => f.startsWith(`${key}=`))?.slice(key.length + 1)
}

export function evaluateOpenClawAccount(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const first = (name: string) => s.get(name)?.[0]?.trim()
  const kind = first('target')
  const user = first('oc-user')
  const account = first('account')
  if ((kind !== 'ssh' && kind !== 'wsl') || user === undefined || account === undefined || !s.has('installs')) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const login = first('login-user') ?? 'root'
  const installs = parseInstalls(s.get('installs') ?? [])
  const elsewhere = installs.filter((i) => i.account !== user && i.account !== 'system')
  const evidence = [`target: ${kind}`, `login account: ${login}`, `OpenClaw account: ${user}`, `account: ${account}`]
  evidence.push(...installs.map((i) => `found: ${describeInstall(i)}`))
  if (installs.length === 0) evidence.push('found: no OpenClaw install on this machine')
  const adoptHint = elsewhere.length > 0
    ? ` Found ${elsewhere.map(describeInstall).join('; ')}: set the OpenClaw account to ${elsewhere[0]?.account ?? ''} to adopt it, or keep ${user} and move OpenClaw there.`
    : ''
  if (user.startsWith('invalid')) return { status: 'fail', summary: `The OpenClaw account name is not a plain user name (${user.slice(8)}). Choose another account.`, evidence }
  if (account === 'absent') {
    const how = kind === 'wsl' ? 'Leave the account field empty to use the distribution\'s default user, or create the user first.' : 'Apply to create it (no password, no sudo, home 700).'
    return { status: 'fail', summary: `Not set up: there is no user "${user}". ${how}${adoptHint}`, evidence: [...evidence, `problem: no user ${user}`] }
  }
  const problems: string[] = []
  if (field(account, 'uid') === '0') problems.push(`the account ${user} has user id 0 (it is root)`)
  const loginRuns = installs.find((i) => kind === 'ssh' && i.account === login && i.account !== user && i.pids.length > 0)
  if (loginRuns) problems.push(`OpenClaw still runs as ${login}, the account this app logs in as (pid ${loginRuns.pids.join(',')}): stop it there and run it as ${user}`)
  if (kind === 'ssh' && user === login) problems.push(`the account ${user} is the one this app logs in as: whatever runs as OpenClaw could capture a typed sudo password and forge the checks`)
  const groups = (first('groups') ?? '').split(/\s+/).filter(Boolean)
  evidence.push(`groups: ${groups.join(' ') || 'none'}`)
  const admin = groups.filter((g) => ADMIN_GROUPS.includes(g))
  if (admin.length > 0) problems.push(`the account ${user} is in the admin group${admin.length > 1 ? 's' : ''} ${admin.join(', ')}`)
  const sudoL = (s.get('sudo-l') ?? []).map((l) => l.trim()).filter(Boolean)
  evidence.push(...sudoL.slice(0, 12).map((l) => `sudo -l -U ${user}: ${l}`))
  const at = sudoL.findIndex((l) => /may run the following commands/.test(l))
  if (at >= 0) problems.push(`sudo lets ${user} run ${sudoL.slice(at + 1).join('; ') || 'commands'}`)
  else if (!sudoL.some((l) => /is not allowed to run sudo|sudo is not installed/.test(l))) {
    return { status: 'error', summary: `sudo -l -U ${user} printed nothing the check understands, so its sudo rights are unknown.`, evidence }
  }
  const homeProblems: string[] = []
  const home = field(account, 'home') ?? '?'
  const hs = first('home') ?? 'absent'
  const hm = /^([0-7]{3,4}) ([^:\s]+):(\S+)$/.exec(hs)
  evidence.push(`home ${home}: ${hs}`)
  if (!hm) homeProblems.push(`its home ${home} is ${hs === 'link' ? 'a symbolic link' : 'missing'}`)
  else {
    if (hm[2] !== user) homeProblems.push(`its home ${home} belongs to ${hm[2] ?? '?'}, not to ${user}`)
    if (parseInt(hm[1] ?? '0', 8) !== 0o700) homeProblems.push(`its home ${home} is ${hm[1] ?? '?'}, not 700: other accounts can look into OpenClaw's config`)
  }
  problems.push(...homeProblems)
  evidence.push(`linger: ${first('linger') ?? 'unknown'}`, `recorded by this step: ${first('recorded') ?? 'none'}`)
  if (problems.length > 0) {
    const head = problems[0] ?? ''
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : ''
    return { status: 'fail', summary: `${head.charAt(0).toUpperCase()}${head.slice(1)}${more}. Apply the step (or choose another account).${adoptHint}`, evidence: [...evidence, ...problems.map((p) => `problem: ${p}`)] }
  }
  const mine = installs.find((i) => i.account === user)
  const runs = mine ? ` It holds ${describeInstall(mine)}.` : ''
  const other = kind === 'ssh' ? `, and it is not ${login}, the account the app logs in as` : ''
  return { status: 'pass', summary: `OpenClaw's account is ${user}: no sudo rights, home 700 and its own${other}.${runs}${adoptHint}`, evidence }
}

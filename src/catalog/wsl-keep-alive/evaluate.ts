import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step wsl-keep-alive (a Windows-side step: core/windows/wsl-keep-alive.ts reads the machine and
 * prints these sections). The step imports this file twice: as a module and as text (`./evaluate.ts?raw`), so
 * checkVersion() covers it. The apply uses taskProblem() too, so "already right" means the same in both.
 */

/** What the check reads from a task's definition (`schtasks.exe /Query /TN … /XML`). */
export interface TaskFacts {
  readonly enabled: boolean
  readonly logonTrigger: boolean
  readonly logonTriggerEnabled: boolean
  readonly triggerUser: string | null
  readonly principal: string | null
  readonly command: string | null
  readonly arguments: string | null
}

const SERVICE_ACCOUNT = /^(S-1-5-(18|19|20)|(NT AUTHORITY\\)?(SYSTEM|LOCAL ?SERVICE|NETWORK ?SERVICE))$/i

/** What is wrong with a task for this distribution, or null when it starts the distribution at this user's logon. */
export function taskProblem(f: TaskFacts, distro: string, user: string | null): string | null {
  if (!f.command || !/(^|[\\/])wsl(\.exe)?$/i.test(f.command.replace(/^"|"$/g, ''))) return `it runs ${f.command || 'nothing'}, not wsl.exe`
  const args = f.arguments ?? ''
  const named = /(?:^|\s)(?:-d|--distribution)\s+(?:"([^"]*)"|(\S+))/.exec(args)
  const d = named?.[1] ?? named?.[2]
  if (d !== distro) return `it starts ${d ? `the distribution "${d}"` : 'the default distribution'}, not "${distro}" (arguments: ${args || 'none'})`
  if (!f.enabled) return 'it is disabled'
  if (!f.logonTrigger) return 'it does not start at logon'
  if (!f.logonTriggerEnabled) return 'its logon trigger is disabled'
  if (f.principal && SERVICE_ACCOUNT.test(f.principal)) return `it runs as ${f.principal}, which cannot see your WSL distributions`
  const last = (a: string) => a.toLowerCase().split('\\').pop()
  if (user && f.triggerUser && !/^S-1-/i.test(f.triggerUser) && last(f.triggerUser) !== last(user)) return `it starts when ${f.triggerUser} logs on, not ${user}`
  return null
}

function field(lines: readonly string[], name: string): string | undefined {
  const line = lines.find((l) => l === name || l.startsWith(`${name} `))
  return line === undefined ? undefined : line.slice(name.length + 1)
}

export function evaluateKeepAlive(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const distro = s.get('distro')?.[0]
  const conf = s.get('wslconfig')
  const task = s.get('task')
  if (!distro || !conf || !task) return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  const user = s.get('user')?.[0] ?? 'unknown'
  const path = field(conf, 'path') ?? '%UserProfile%\\.wslconfig'
  const values = conf.filter((l) => l.startsWith('value ')).map((l) => l.slice(6))
  const name = field(task, 'name') ?? 'the logon task'
  const state = field(task, 'state') ?? ''
  const evidence = [
    `${path}: ${field(conf, 'error') ?? (field(conf, 'file') === 'absent' ? 'no such file' : `[general] instanceIdleTimeout = ${values.length > 0 ? values.join(', ') : 'not set'}`)}`,
    `task "${name}": ${state === 'present' ? `${field(task, 'command') ?? ''} ${field(task, 'arguments') ?? ''}; runs as ${field(task, 'runs-as') || '?'}; at logon of ${field(task, 'logon-user') || 'any user'}; ${field(task, 'enabled') === 'false' ? 'disabled' : 'enabled'}` : state}`,
  ]
  const confError = field(conf, 'error')
  if (confError !== undefined) return { status: 'error', summary: `.wslconfig could not be read: ${confError}`, evidence }
  if (state.startsWith('error')) return { status: 'error', summary: `schtasks.exe could not read the task "${name}": ${state.slice(6)}`, evidence }
  const problems: string[] = []
  const bad = values.filter((v) => v !== '-1')
  if (values.length === 0) problems.push(`[general] instanceIdleTimeout is not set in ${path} (WSL stops the distribution about 15 s after the last terminal closes)`)
  else if (bad.length > 0) problems.push(`[general] instanceIdleTimeout is ${bad.join(', ')} in ${path}, not -1 (WSL stops the distribution after that many milliseconds idle)`)
  if (state === 'absent') problems.push(`the logon task "${name}" is missing (nothing starts ${distro} when you log on)`)
  else if (state === 'present') {
    const facts: TaskFacts = {
      enabled: field(task, 'enabled') !== 'false',
      logonTrigger: field(task, 'logon-trigger') === 'true',
      logonTriggerEnabled: field(task, 'logon-trigger-enabled') !== 'false',
      triggerUser: field(task, 'logon-user') || null,
      principal: field(task, 'runs-as') || null,
      command: field(task, 'command') || null,
      arguments: field(task, 'arguments') || null,
    }
    const p = taskProblem(facts, distro, user === 'unknown' ? null : user)
    if (p) problems.push(`the logon task "${name}" does not keep ${distro} alive: ${p}`)
  } else problems.push(`the logon task "${name}" could not be read (${state || 'no answer'})`)
  if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()), evidence }
  return { status: 'pass', summary: `${distro} is started at your logon and WSL never stops it when idle ([general] instanceIdleTimeout=-1).`, evidence }
}

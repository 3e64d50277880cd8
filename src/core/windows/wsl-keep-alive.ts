import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { CheckOutput } from '../../catalog'
import { AppError } from '../app-error'
import { taskProblem } from '../../catalog/wsl-keep-alive/evaluate'
import { deleteTask, keepAliveArguments, keepAliveTaskName, keepAliveTaskXml, queryTask, registerTask, taskFacts } from './keep-alive-task'
import { requireDistroName, wslConfigPath, wslVersion, type WindowsSide } from './windows-side'
import { IDLE_KEY, IDLE_SECTION, idleValues, setIdleTimeout, undoIdleTimeout, type IdleOccurrence } from './wslconfig-idle'

/** What the step's undo needs, kept in the app's data folder (the Windows user's own). */
interface KeepAliveRecord {
  wslconfig?: { path: string; existed: boolean; before: string; afterSha256: string; occurrences: IdleOccurrence[]; sectionCreated: boolean }
  tasks: Record<string, { name: string; earlierXml: string | null; command: string; arguments: string }>
}

export interface WindowsRun {
  readonly exitCode: number
  readonly lines: readonly string[]
}

const RECORD = 'wsl-keep-alive.json'

function readRecord(side: WindowsSide): KeepAliveRecord {
  try {
    const r = JSON.parse(readFileSync(join(side.undoDir, RECORD), 'utf8')) as KeepAliveRecord
    return { ...r, tasks: r.tasks ?? {} }
  } catch {
    return { tasks: {} }
  }
}

function writeRecord(side: WindowsSide, record: KeepAliveRecord): void {
  mkdirSync(side.undoDir, { recursive: true, mode: 0o700 })
  const file = join(side.undoDir, RECORD)
  if (!record.wslconfig && Object.keys(record.tasks).length === 0) {
    rmSync(file, { force: true })
    return
  }
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/**
 * The edit must give back every other byte as it was: a file that is not UTF-8 (Notepad's "Unicode" is UTF-16) would
 * not survive decoding, so it is refused before anything changes.
 */
function requireUtf8(path: string, data: Buffer): void {
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) {
    throw new AppError('COMMAND_FAILED', `${path} is saved as UTF-16, which this step does not edit.`, 'Open it in Notepad, choose File > Save as, Encoding "UTF-8", save, then run the step again. Nothing was changed.')
  }
  if (!Buffer.from(data.toString('utf8'), 'utf8').equals(data)) {
    throw new AppError('COMMAND_FAILED', `${path} is not valid UTF-8, so it cannot be edited without changing other lines.`, 'Save it as UTF-8 (Notepad: File > Save as, Encoding "UTF-8"), then run the step again. Nothing was changed.')
  }
}

/** Writes through a temporary file beside it, so a crash never leaves half a .wslconfig. */
function writeAtomically(path: string, data: Buffer): void {
  const tmp = join(dirname(path), `.wslconfig.ocss-${process.pid}.tmp`)
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

/** Refuses before anything changes: a bad name, no user folder, no user, or the inbox WSL (which ignores the setting). */
async function preflight(side: WindowsSide, distro: string): Promise<string> {
  requireDistroName(distro)
  const path = wslConfigPath(side)
  if (existsSync(path)) requireUtf8(path, readFileSync(path))
  if (!side.user) throw new AppError('COMMAND_FAILED', 'The Windows user name (%USERNAME%) is not known, so the logon task cannot be made for you.', 'Run the app as your own Windows user. Nothing was changed.')
  const v = await wslVersion(side)
  if (v.version === null) {
    throw new AppError(
      'COMMAND_FAILED',
      `"wsl.exe --version" did not give a version (exit code ${v.exitCode}): this is the WSL built into Windows, which ignores [general] instanceIdleTimeout (and has no systemd).`,
      'Install WSL from the Microsoft Store ("wsl.exe --update", or "Windows Subsystem for Linux" in the Store), then run this step again. Nothing was changed.',
    )
  }
  return path
}

export async function preflightKeepAlive(side: WindowsSide, distro: string): Promise<void> {
  await preflight(side, distro)
}

/** Apply: `[general] instanceIdleTimeout=-1` in %UserProfile%\.wslconfig and the logon task, each only when needed. */
export async function applyKeepAlive(side: WindowsSide, distro: string): Promise<WindowsRun> {
  const path = await preflight(side, distro)
  // The task is read first: when schtasks.exe cannot answer, nothing has changed yet.
  const name = keepAliveTaskName(distro)
  const q = await queryTask(side, name)
  if (q.state === 'error') throw new AppError('COMMAND_FAILED', `schtasks.exe could not read the task "${name}": ${q.said}`, 'Check that Task Scheduler runs (services.msc: "Task Scheduler"), then run the step again. Nothing was changed.')
  const lines: string[] = []
  const record = readRecord(side)
  const existed = existsSync(path)
  const before = existed ? readFileSync(path) : Buffer.alloc(0)
  requireUtf8(path, before)
  const edit = setIdleTimeout(before.toString('utf8'))
  if (edit.changed) {
    const after = Buffer.from(edit.text, 'utf8')
    record.wslconfig = { path, existed, before: before.toString('base64'), afterSha256: sha256(after), occurrences: [...edit.occurrences], sectionCreated: edit.sectionCreated }
    writeRecord(side, record)
    writeAtomically(path, after)
    lines.push(`${existed ? 'Set' : 'Created'} ${path}: [${IDLE_SECTION}] ${IDLE_KEY}=-1 (was ${edit.occurrences.map((o) => o.before?.trim() ?? 'not set').join(', ')}); every other line is unchanged.`)
  } else lines.push(`${path} already has [${IDLE_SECTION}] ${IDLE_KEY}=-1; unchanged.`)

  const problem = q.state === 'present' ? taskProblem(taskFacts(q.xml), distro, side.user) : 'missing'
  if (problem === null) lines.push(`The logon task "${name}" already starts ${distro}; unchanged.`)
  else {
    const xml = keepAliveTaskXml(distro, side.user ?? '', side.wslExe)
    record.tasks[distro] = { name, earlierXml: q.state === 'present' ? q.xml : null, command: side.wslExe, arguments: keepAliveArguments(distro) }
    writeRecord(side, record)
    const r = await registerTask(side, name, xml)
    if (!r.ok) {
      delete record.tasks[distro]
      writeRecord(side, record)
      return { exitCode: 1, lines: [...lines, `schtasks.exe could not create the task "${name}": ${r.said || 'no reason given'}. Run the step again; Undo takes the .wslconfig change back.`] }
    }
    lines.push(`${q.state === 'present' ? `Replaced the task "${name}" (${problem}; the earlier one is kept for Undo)` : `Created the logon task "${name}"`}: at your logon it runs ${side.wslExe} ${keepAliveArguments(distro)}.`)
  }
  lines.push('WSL reads .wslconfig when it starts: the setting takes effect after "wsl.exe --shutdown" (it stops every distribution) or the next restart of Windows.')
  return { exitCode: 0, lines }
}

/** Undo: the earlier .wslconfig (byte for byte when nothing changed since; else line by line) and the earlier task. */
export async function undoKeepAlive(side: WindowsSide, distro: string): Promise<WindowsRun> {
  requireDistroName(distro)
  const record = readRecord(side)
  const lines: string[] = []
  const w = record.wslconfig
  if (!w) lines.push('.wslconfig: nothing to undo (no record that this app changed it; left as it is).')
  else {
    const now = existsSync(w.path) ? readFileSync(w.path) : null
    if (now === null) lines.push(`${w.path} is gone; nothing to put back.`)
    else if (sha256(now) === w.afterSha256) {
      if (w.existed) writeAtomically(w.path, Buffer.from(w.before, 'base64'))
      else rmSync(w.path, { force: true })
      lines.push(w.existed ? `Restored ${w.path} exactly as it was before the apply.` : `Removed ${w.path}, which the apply created.`)
    } else {
      const u = undoIdleTimeout(now.toString('utf8'), w)
      if (u.text !== now.toString('utf8')) writeAtomically(w.path, Buffer.from(u.text, 'utf8'))
      lines.push(`${w.path} changed since the apply: only the step's own lines were taken back; every other line stays.`, ...u.kept)
    }
    delete record.wslconfig
  }
  const t = record.tasks[distro]
  if (!t) lines.push(`The task "${keepAliveTaskName(distro)}": nothing to undo (no record that this app made or changed it; left as it is).`)
  else {
    const q = await queryTask(side, t.name)
    if (q.state === 'error') throw new AppError('COMMAND_FAILED', `schtasks.exe could not read the task "${t.name}": ${q.said}`, 'Run Undo again.')
    const f = q.state === 'present' ? taskFacts(q.xml) : null
    if (!f) lines.push(`The task "${t.name}" is gone already.`)
    else if (f.command !== t.command || f.arguments !== t.arguments) lines.push(`kept your later change to the task "${t.name}" (it now runs ${f.command ?? '?'} ${f.arguments ?? ''}).`)
    else {
      const r = t.earlierXml ? await registerTask(side, t.name, t.earlierXml) : await deleteTask(side, t.name)
      if (!r.ok) {
        writeRecord(side, record)
        return { exitCode: 1, lines: [...lines, `schtasks.exe could not ${t.earlierXml ? 'put back' : 'delete'} the task "${t.name}": ${r.said || 'no reason given'}. Run Undo again.`] }
      }
      lines.push(t.earlierXml ? `Put back the earlier task "${t.name}".` : `Deleted the task "${t.name}".`)
    }
    delete record.tasks[distro]
  }
  writeRecord(side, record)
  lines.push('WSL reads .wslconfig when it starts: the change takes effect after "wsl.exe --shutdown" or the next restart of Windows.')
  return { exitCode: 0, lines }
}

/**
 * Check: reads the machine (.wslconfig, the task), never the undo record; prints sections for evaluate. It starts no
 * wsl.exe (the re-check pass runs often, and short wsl.exe calls are what the app's persistent channels avoid): the
 * inbox WSL is refused by the apply, and it has no systemd, so gateway-service (required first) fails there anyway.
 */
export async function checkKeepAlive(side: WindowsSide, distro: string): Promise<CheckOutput> {
  const out: string[] = ['### distro', distro, '### user', side.user ?? 'unknown']
  out.push('### wslconfig')
  try {
    const path = wslConfigPath(side)
    out.push(`path ${path}`)
    if (!existsSync(path)) out.push('file absent')
    else {
      const data = readFileSync(path)
      requireUtf8(path, data)
      out.push('file present')
      for (const value of idleValues(data.toString('utf8'))) out.push(`value ${value}`)
    }
  } catch (err) {
    out.push(`error ${AppError.from(err).message}`)
  }
  const name = keepAliveTaskName(distro)
  out.push('### task', `name ${name}`)
  const q = await queryTask(side, name).catch((err: unknown) => ({ state: 'error' as const, xml: '', said: AppError.from(err).message }))
  out.push(`state ${q.state}${q.state === 'error' ? ` ${q.said}` : ''}`)
  if (q.state === 'present') {
    const f = taskFacts(q.xml)
    out.push(
      `command ${f.command ?? ''}`,
      `arguments ${f.arguments ?? ''}`,
      `enabled ${f.enabled}`,
      `logon-trigger ${f.logonTrigger}`,
      `logon-trigger-enabled ${f.logonTriggerEnabled}`,
      `logon-user ${f.triggerUser ?? ''}`,
      `runs-as ${f.principal ?? ''}`,
    )
  }
  return { exitCode: 0, stdout: `${out.join('\n')}\n` }
}

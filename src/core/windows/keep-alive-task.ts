import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runProcessRaw } from '../targets/run-process'
import type { TaskFacts } from '../../catalog/wsl-keep-alive/evaluate'
import type { WindowsSide } from './windows-side'

export type { TaskFacts }

/** The logon task of one distribution, as Task Scheduler lists it. */
export function keepAliveTaskName(distro: string): string {
  return `OpenClaw keep-alive (${distro})`
}

/** wsl.exe's arguments in the task: start the distribution, run /bin/true, end (instanceIdleTimeout keeps it up). */
export function keepAliveArguments(distro: string): string {
  return `-d ${/ /.test(distro) ? `"${distro}"` : distro} --exec /bin/true`
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function xmlUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

/**
 * The task: at this user's logon, as this user (interactive token, least privilege: no password stored, no admin),
 * also on battery, started once, stopped after 5 minutes at most.
 */
export function keepAliveTaskXml(distro: string, user: string, wslExe: string): string {
  const u = xmlEscape(user)
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    '    <Author>OpenClaw Secure Setup</Author>',
    `    <Description>${xmlEscape(`Starts the WSL distribution ${distro} at logon, so that systemd starts the OpenClaw gateway; [general] instanceIdleTimeout=-1 in .wslconfig keeps it running. Made by OpenClaw Secure Setup (step wsl-keep-alive); its Undo removes it.`)}</Description>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    `      <UserId>${u}</UserId>`,
    '    </LogonTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    `      <UserId>${u}</UserId>`,
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <ExecutionTimeLimit>PT5M</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xmlEscape(wslExe)}</Command>`,
    `      <Arguments>${xmlEscape(keepAliveArguments(distro))}</Arguments>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n')
}

function element(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)
  return m ? xmlUnescape((m[1] ?? '').trim()) : null
}

export function taskFacts(xml: string): TaskFacts {
  const settings = element(xml, 'Settings') ?? ''
  const logon = /<LogonTrigger(?:\s[^>]*)?>([\s\S]*?)<\/LogonTrigger>|<LogonTrigger\s*\/>/.exec(xml)
  const trigger = logon?.[1] ?? ''
  const principal = element(xml, 'Principal') ?? ''
  const exec = element(xml, 'Exec') ?? ''
  return {
    enabled: element(settings, 'Enabled') !== 'false',
    logonTrigger: logon !== null,
    logonTriggerEnabled: logon !== null && element(trigger, 'Enabled') !== 'false',
    triggerUser: element(trigger, 'UserId'),
    principal: element(principal, 'UserId') ?? element(principal, 'GroupId'),
    command: element(exec, 'Command'),
    arguments: element(exec, 'Arguments'),
  }
}

/** schtasks.exe prints in UTF-16LE (with or without a BOM) or in the console's code page; this reads either. */
export function decodeTaskOutput(raw: Buffer): string {
  if (raw.length >= 2 && raw[0] === 0xff && raw[1] === 0xfe) return raw.subarray(2).toString('utf16le')
  const nuls = raw.subarray(0, 200).filter((b) => b === 0).length
  const text = nuls > 10 ? raw.toString('utf16le') : raw.toString('utf8')
  return text.replace(/^\uFEFF/, '')
}

export interface TaskQuery {
  readonly state: 'present' | 'absent' | 'error'
  readonly xml: string
  readonly said: string
}

/** `schtasks.exe /Query /TN NAME /XML`: the task's definition, or absent. */
export async function queryTask(side: WindowsSide, name: string): Promise<TaskQuery> {
  const r = await runProcessRaw(side.schtasksExe, ['/Query', '/TN', name, '/XML'], { timeoutMs: 60_000 })
  const out = decodeTaskOutput(r.stdout)
  const said = `${decodeTaskOutput(r.stderr)} ${r.exitCode === 0 ? '' : out}`.trim()
  if (r.exitCode === 0 && /<Task[\s>]/.test(out)) return { state: 'present', xml: out, said: '' }
  // schtasks.exe exits 1 for "ERROR: The system cannot find the file specified." and for other errors alike, in the
  // language of Windows. Exit 1 reads absent unless it says "Access is denied" (English): a wrong "absent" is safe (the
  // check fails, the apply's /Create then fails with the real reason); a wrong "present" could never happen.
  if (r.exitCode === 1 && !/access is denied/i.test(said)) return { state: 'absent', xml: '', said }
  return { state: 'error', xml: '', said: said || `exit code ${r.exitCode}` }
}

/** `schtasks.exe /Create /TN NAME /XML FILE /F`, the XML written as UTF-16LE with a BOM (as Task Scheduler exports it). */
export async function registerTask(side: WindowsSide, name: string, xml: string): Promise<{ ok: boolean; said: string }> {
  mkdirSync(side.undoDir, { recursive: true, mode: 0o700 })
  const dir = mkdtempSync(join(side.undoDir, 'task-'))
  try {
    const file = join(dir, 'task.xml')
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace(/^\uFEFF/, ''), 'utf16le')]), { mode: 0o600 })
    const r = await runProcessRaw(side.schtasksExe, ['/Create', '/TN', name, '/XML', file, '/F'], { timeoutMs: 60_000 })
    return { ok: r.exitCode === 0, said: `${decodeTaskOutput(r.stdout)} ${decodeTaskOutput(r.stderr)}`.trim() }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `schtasks.exe /Delete /TN NAME /F`. */
export async function deleteTask(side: WindowsSide, name: string): Promise<{ ok: boolean; said: string }> {
  const r = await runProcessRaw(side.schtasksExe, ['/Delete', '/TN', name, '/F'], { timeoutMs: 60_000 })
  return { ok: r.exitCode === 0, said: `${decodeTaskOutput(r.stdout)} ${decodeTaskOutput(r.stderr)}`.trim() }
}

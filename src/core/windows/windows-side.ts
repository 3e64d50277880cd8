import { isAbsolute, join, win32 } from 'node:path'
import { AppError } from '../app-error'
import { program } from '../targets/program-path'
import { runProcessRaw } from '../targets/run-process'
import { decodeWslOutput } from '../targets/wsl-list'

/**
 * What a Windows-side step works with: the Windows user's programs and folders. The app (AppService) and the CLI
 * build it from their environment; tests point it at stand-ins of wsl.exe and schtasks.exe and a temp %UserProfile%.
 */
export interface WindowsSide {
  readonly wslExe: string
  readonly schtasksExe: string
  /** %UserProfile%, or null when the environment has none (not Windows). */
  readonly userProfile: string | null
  /** DOMAIN\user of the Windows user the app runs as, or null when unknown. */
  readonly user: string | null
  /** Where the Windows-side steps keep what their undo needs (in the app's data folder, which is the user's). */
  readonly undoDir: string
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name)
  const value = key === undefined ? undefined : env[key]
  return value === undefined || value === '' ? undefined : value
}

export function windowsSide(env: NodeJS.ProcessEnv, dataDir: string, wslExe?: string): WindowsSide {
  const profile = envValue(env, 'USERPROFILE')
  const name = envValue(env, 'USERNAME')
  const domain = envValue(env, 'USERDOMAIN')
  return {
    wslExe: wslExe ?? program('wsl.exe'),
    schtasksExe: program('schtasks.exe'),
    userProfile: profile && (isAbsolute(profile) || win32.isAbsolute(profile)) ? profile : null,
    user: name ? (domain ? `${domain}\\${name}` : name) : null,
    undoDir: join(dataDir, 'windows-undo'),
  }
}

/**
 * A WSL distribution name this step will put into a task's arguments and name: letters (any script), digits, spaces
 * inside, `.`, `_`, `-`; at most 64 characters; not starting with `-` or a space. Returns the problem, or null.
 */
export function distroNameIssue(name: string): string | null {
  if (name === '') return 'The distribution name is empty.'
  if (name.length > 64) return 'The distribution name is longer than 64 characters.'
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(name) || name.endsWith(' ')) {
    return `"${name.replace(/[^\x20-\x7e\p{L}]/gu, '?')}" is not a WSL distribution name this step accepts (letters, digits, spaces inside, . _ - only).`
  }
  return null
}

export function requireDistroName(name: string): string {
  const issue = distroNameIssue(name)
  if (issue) throw new AppError('INVALID_INPUT', issue, 'Connect to the distribution by its name as "wsl.exe --list" shows it. Nothing was run or changed.')
  return name
}

/** The first dotted version `wsl.exe --version` prints, or null on the inbox WSL (the option is unknown there). */
export async function wslVersion(side: WindowsSide): Promise<{ version: string | null; exitCode: number; said: string }> {
  const env = { ...process.env }
  delete env.WSL_UTF8
  const r = await runProcessRaw(side.wslExe, ['--version'], { timeoutMs: 60_000, env })
  const said = decodeWslOutput(r.stdout).trim()
  const version = r.exitCode === 0 ? (/\d+(?:\.\d+){1,4}/.exec(said.split('\n')[0] ?? '')?.[0] ?? null) : null
  return { version, exitCode: r.exitCode, said }
}

/** %UserProfile%\.wslconfig, or an error saying why there is none. */
export function wslConfigPath(side: WindowsSide): string {
  if (!side.userProfile) throw new AppError('COMMAND_FAILED', 'The Windows user folder (%UserProfile%) is not known, so .wslconfig cannot be found.', 'Run the app as a Windows user (not as a service account). Nothing was changed.')
  return (win32.isAbsolute(side.userProfile) && !isAbsolute(side.userProfile) ? win32 : { join }).join(side.userProfile, '.wslconfig')
}

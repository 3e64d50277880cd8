import { statSync } from 'node:fs'
import path from 'node:path'

/** The external programs the app starts. */
export type ProgramName = 'ssh' | 'ssh-keygen' | 'ssh-keyscan' | 'wsl.exe' | 'schtasks.exe'

export interface LookupEnv {
  readonly platform: NodeJS.Platform
  readonly env: NodeJS.ProcessEnv
  /** True when `file` exists and is a regular file (injected so Windows lookups can be tested on Linux). */
  readonly isFile: (file: string) => boolean
}

const WINDOWS_HOME: Readonly<Record<ProgramName, readonly string[]>> = {
  ssh: ['System32', 'OpenSSH', 'ssh.exe'],
  'ssh-keygen': ['System32', 'OpenSSH', 'ssh-keygen.exe'],
  'ssh-keyscan': ['System32', 'OpenSSH', 'ssh-keyscan.exe'],
  'wsl.exe': ['System32', 'wsl.exe'],
  'schtasks.exe': ['System32', 'schtasks.exe'],
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  // Windows environment names are case-insensitive; process.env hides that, a copied object does not.
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase())
  return key === undefined ? undefined : env[key]
}

/**
 * The absolute path of one of the app's programs, never a bare name: a bare name would let Windows (libuv) take an
 * `ssh.exe` planted in the current folder before PATH, and node-pty on Windows only finds names with `.exe`.
 *
 * - Windows: the inbox copies under %SystemRoot%\System32 (OpenSSH\ssh.exe, wsl.exe) when they exist; otherwise
 *   the PATH entries that are absolute, with the PATHEXT extensions — never the current folder.
 * - Elsewhere: the first absolute PATH entry holding the program (empty and relative PATH entries, which mean the
 *   current folder, are skipped).
 * Returns the bare name only when nothing is found, so the "not found" error names what to install.
 */
export function programPath(name: ProgramName, lookup: LookupEnv = { platform: process.platform, env: process.env, isFile: isRegularFile }): string {
  const p = lookup.platform === 'win32' ? path.win32 : path.posix
  const bare = lookup.platform === 'win32' ? name.replace(/\.exe$/, '') : name
  if (lookup.platform === 'win32') {
    const root = envValue(lookup.env, 'SystemRoot') ?? envValue(lookup.env, 'windir') ?? 'C:\\Windows'
    if (p.isAbsolute(root)) {
      const inbox = p.join(root, ...WINDOWS_HOME[name])
      if (lookup.isFile(inbox)) return inbox
    }
  }
  const dirs = (envValue(lookup.env, 'PATH') ?? '').split(lookup.platform === 'win32' ? ';' : ':')
  const exts = lookup.platform === 'win32'
    ? (envValue(lookup.env, 'PATHEXT') ?? '.COM;.EXE').split(';').filter((e) => /^\.[A-Za-z0-9]+$/.test(e)).map((e) => e.toLowerCase())
    : ['']
  for (const raw of dirs) {
    const dir = raw.replace(/^"(.*)"$/, '$1')
    if (dir === '' || !p.isAbsolute(dir) || (lookup.platform === 'win32' && !/^([A-Za-z]:\\|\\\\)/.test(dir))) continue
    for (const ext of exts) {
      const candidate = p.join(dir, bare + ext)
      if (lookup.isFile(candidate)) return candidate
    }
  }
  return lookup.platform === 'win32' ? `${bare}.exe` : name
}

/** programPath() for this process, looked up at each start (a few stat calls), so PATH changes are seen. */
export function program(name: ProgramName): string {
  return programPath(name)
}

/**
 * Windows: tells CreateProcess (and so libuv and node-pty) not to look in the current folder for programs named
 * without a path. The app names its own programs by absolute path anyway; this covers anything a library starts.
 */
export function hardenProgramLookup(env: NodeJS.ProcessEnv = process.env): void {
  env.NoDefaultCurrentDirectoryInExePath = '1'
}

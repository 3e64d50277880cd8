import path from 'node:path'
import type { ProgramName } from '../core/targets/program-path'

/**
 * `--smoke-test=<result.json>`: the packaged app's own check, run by the release workflow right after it installs the
 * build (.github/workflows/release.yml). The app starts as usual (with a throw-away data folder), and once the window
 * has loaded it checks what only a real install can show: the renderer came up from app:// with the preload API and
 * a working IPC round trip, `ssh` and `wsl.exe` resolve to the inbox copies under System32 (security review L4), and
 * node-pty can start a process and read its output. It writes the result as JSON and quits with 0 when every check
 * passed, 1 otherwise. It connects nowhere and reads none of the person's data.
 */

export const SMOKE_FLAG = '--smoke-test'

export interface SmokeCheck {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

export interface SmokeResult {
  readonly ok: boolean
  readonly version: string
  readonly platform: string
  readonly checks: readonly SmokeCheck[]
}

export interface WindowProbe {
  /** `typeof window.api.invoke` and `typeof window.api.on` in the page */
  readonly apiMethods: readonly string[]
  /** the round trip `api.invoke('app:state', {})` answered with an object */
  readonly ipcAnswered: boolean
  /** the page's URL (app://ocss/… when packaged) */
  readonly url: string
  /** the React root has rendered children */
  readonly rendered: boolean
}

export interface SmokeDeps {
  readonly platform: NodeJS.Platform
  readonly env: NodeJS.ProcessEnv
  readonly version: string
  readonly resolve: (name: ProgramName) => string
  /** runs `file args` in a pseudo-terminal; resolves with what it printed and its exit code */
  readonly runInPty: (file: string, args: readonly string[]) => Promise<{ output: string; exitCode: number }>
  readonly probeWindow: () => Promise<WindowProbe>
  readonly nonce: string
}

/** The result file named by `--smoke-test=<file>` (an absolute path), null without the flag; throws on a bad value. */
export function smokeTestFile(argv: readonly string[], platform: NodeJS.Platform = process.platform): string | null {
  const arg = argv.find((a) => a === SMOKE_FLAG || a.startsWith(`${SMOKE_FLAG}=`))
  if (arg === undefined) return null
  const file = arg.slice(SMOKE_FLAG.length + 1)
  // On Windows a drive or UNC path: "\\temp\\x" is rooted but relative to the current drive.
  const absolute = platform === 'win32' ? /^([A-Za-z]:\\|\\\\)/.test(file) : path.posix.isAbsolute(file)
  if (!absolute || /[\u0000-\u001f]/.test(file) || file.length > 1024) {
    throw new Error(`${SMOKE_FLAG} needs an absolute path for its result file, e.g. ${SMOKE_FLAG}=${platform === 'win32' ? 'C:\\Temp\\smoke.json' : '/tmp/smoke.json'}.`)
  }
  return file
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase())
  return key === undefined ? undefined : env[key]
}

async function attempt(name: string, f: () => Promise<SmokeCheck> | SmokeCheck): Promise<SmokeCheck> {
  try {
    return await f()
  } catch (e) {
    return { name, ok: false, detail: `threw: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/** The programs the app starts, where they must resolve to on this platform. */
function programChecks(d: SmokeDeps): SmokeCheck[] {
  if (d.platform === 'win32') {
    const root = envValue(d.env, 'SystemRoot') ?? 'C:\\Windows'
    const want: [ProgramName, string][] = [
      ['ssh', path.win32.join(root, 'System32', 'OpenSSH', 'ssh.exe')],
      ['wsl.exe', path.win32.join(root, 'System32', 'wsl.exe')],
    ]
    return want.map(([name, expected]) => {
      const got = d.resolve(name)
      return { name: `program ${name}`, ok: got.toLowerCase() === expected.toLowerCase(), detail: `resolves to ${got} (expected ${expected})` }
    })
  }
  const got = d.resolve('ssh')
  return [{ name: 'program ssh', ok: path.posix.isAbsolute(got), detail: `resolves to ${got}` }]
}

/** Runs every check; never throws (a check that throws is a failed check). */
export async function runSmokeTest(d: SmokeDeps): Promise<SmokeResult> {
  const checks: SmokeCheck[] = []
  checks.push(await attempt('window', async () => {
    const w = await d.probeWindow()
    const api = ['invoke', 'on'].every((m) => w.apiMethods.includes(m))
    const ok = api && w.ipcAnswered && w.rendered
    return {
      name: 'window',
      ok,
      detail: `${w.url}: preload API ${api ? 'present' : `missing (has ${w.apiMethods.join(', ') || 'nothing'})`}, app:state ${w.ipcAnswered ? 'answered' : 'did not answer'}, UI ${w.rendered ? 'rendered' : 'empty'}`,
    }
  }))
  checks.push(...programChecks(d))
  checks.push(await attempt('pty', async () => {
    const [file, args] = d.platform === 'win32'
      ? [path.win32.join(envValue(d.env, 'SystemRoot') ?? 'C:\\Windows', 'System32', 'cmd.exe'), ['/d', '/c', `echo ${d.nonce}`]]
      : ['/bin/sh', ['-c', `echo ${d.nonce}`]]
    const r = await d.runInPty(file, args)
    const ok = r.exitCode === 0 && r.output.includes(d.nonce)
    return { name: 'pty', ok, detail: `${file} exited ${r.exitCode}; ${ok ? 'its output came back through node-pty' : `output: ${JSON.stringify(r.output.slice(0, 200))}`}` }
  }))
  return { ok: checks.every((c) => c.ok), version: d.version, platform: d.platform, checks }
}

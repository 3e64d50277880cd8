import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { UserWorld } from './user-world'

const ROOT = resolve(__dirname, '../..')
/** The CLI as `npm run cli` builds it. */
export const CLI_PATH = join(ROOT, 'out/cli/index.mjs')

/** The newest modification time (ms) of a file under `dir`. */
function newestUnder(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs)
  }
  return newest
}

/**
 * Builds the CLI from this checkout (call it in beforeAll: a test must run the CLI of the code it tests), unless the
 * built one is newer than every source it comes from. The build empties out/cli first, so rebuilding an up-to-date CLI
 * would pull it from under a CLI that another test file (the other CI lane) is starting at that moment.
 */
export function buildCli(): void {
  if (existsSync(CLI_PATH)) {
    const built = statSync(CLI_PATH).mtimeMs
    const sources = Math.max(newestUnder(join(ROOT, 'src')), ...['vite.cli.config.mts', 'package-lock.json'].map((f) => statSync(join(ROOT, f)).mtimeMs))
    if (built > sources) return
  }
  const b = spawnSync('npx', ['vite', 'build', '-c', 'vite.cli.config.mts', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' })
  if (b.status !== 0 || !existsSync(CLI_PATH)) throw new Error(`CLI build failed: ${b.stderr}`)
}

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  readonly input?: string
  /** Added to (or replacing in) the world's environment, e.g. a PATH with stand-ins first. */
  readonly env?: NodeJS.ProcessEnv
  readonly cwd?: string
  readonly timeoutMs?: number
  /** Run under strace, logging file look-ups to this file. */
  readonly strace?: string
}

/**
 * Runs the built CLI as a person starts it: in the user world (its HOME, no OCSS_DATA_DIR, so the default data
 * folder under that HOME), with `input` on stdin.
 */
export function runCli(world: UserWorld, args: readonly string[], opts: CliOptions = {}): CliRun {
  const argv = [process.execPath, CLI_PATH, ...args]
  const [file, ...rest] = opts.strace ? ['strace', '-f', '-qq', '-e', 'trace=open,openat,stat,newfstatat,access', '-o', opts.strace, ...argv] : argv
  const r = spawnSync(file ?? '', rest, {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...world.env, ...opts.env },
    cwd: opts.cwd ?? world.root,
    timeout: opts.timeoutMs ?? 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

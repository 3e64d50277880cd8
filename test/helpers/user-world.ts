import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultDataDir } from '../../src/core/paths'

/**
 * The user's world for a test: a HOME like a real person's (spaces, an apostrophe, non-ASCII letters, as Windows user
 * names often are) with the app's default data folder under it, instead of a tidy `/tmp/ocss-data-XXXX`.
 *
 * - `dataDir` is computed by the real `defaultDataDir()` (src/core/paths.ts) for that HOME with XDG_CONFIG_HOME and
 *   OCSS_DATA_DIR unset: `<home>/.config/OpenClaw Secure Setup`, the folder both the CLI and the app
 *   (Electron's userData on Linux) use. It is created (mode 700), as the app's first start does.
 * - `env` is for child processes (the CLI, ssh): this process's env with HOME = `home` and without XDG_CONFIG_HOME or
 *   OCSS_DATA_DIR, so a spawned CLI finds the default data folder on its own.
 */
export interface UserWorld {
  /** `<tmp>/ocss-world-XXXXXX`: everything of this world, removed by cleanup() */
  readonly root: string
  /** `<root>/home/Jörg Müller's PC` */
  readonly home: string
  /** the app's default data folder under `home` */
  readonly dataDir: string
  readonly env: NodeJS.ProcessEnv
  /** Copies a key file the person "picks" to `~/.ssh/<name>` (mode 600, the .pub too if there is one); returns its path. */
  pickKey(source: string, name?: string): string
  /** Idempotent. */
  cleanup(): void
}

export const USER_NAME = "Jörg Müller's PC"
const PREFIX = 'ocss-world-'

const OWNER = '.owner'

const live = new Set<UserWorld>()
let hooked = false

/** "<pid> <start time>" of a process (start time from /proc, so a reused pid does not count), '' if it is gone. */
function processId(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''}`
  } catch {
    return ''
  }
}

/**
 * Removes worlds whose test process is gone. Vitest ends a test file's worker with SIGTERM, which skips 'exit' hooks,
 * so a world not cleaned up explicitly is removed by the next test process that makes one.
 */
function sweepStale(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue
    const root = join(tmpdir(), name)
    let owner = ''
    try {
      owner = readFileSync(join(root, OWNER), 'utf8')
    } catch {
      continue // not ours, or being created right now
    }
    const pid = Number(owner.split(' ')[0])
    if (Number.isInteger(pid) && processId(pid) !== owner) rmSync(root, { recursive: true, force: true })
  }
}

/** The real defaultDataDir() as a process with this HOME (and no XDG_CONFIG_HOME / OCSS_DATA_DIR) computes it. */
function dataDirFor(home: string): string {
  return defaultDataDir({ HOME: home })
}

/** A new world; removed by cleanup(), else when this process exits normally or by the next process's sweep. */
export function createUserWorld(): UserWorld {
  sweepStale()
  const root = mkdtempSync(join(tmpdir(), PREFIX))
  writeFileSync(join(root, OWNER), processId(process.pid))
  const home = join(root, 'home', USER_NAME)
  mkdirSync(home, { recursive: true, mode: 0o755 })
  const dataDir = dataDirFor(home)
  if (!dataDir.startsWith(`${home}/`)) throw new Error(`user world: defaultDataDir() gave ${dataDir}, not a folder under ${home}`)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home }
  delete env.XDG_CONFIG_HOME
  delete env.OCSS_DATA_DIR
  let done = false
  const world: UserWorld = {
    root,
    home,
    dataDir,
    env,
    pickKey(source, name = 'my key') {
      const sshDir = join(home, '.ssh')
      mkdirSync(sshDir, { recursive: true, mode: 0o700 })
      const dest = join(sshDir, name)
      copyFileSync(source, dest)
      chmodSync(dest, 0o600)
      if (existsSync(`${source}.pub`)) copyFileSync(`${source}.pub`, `${dest}.pub`)
      return dest
    },
    cleanup() {
      if (done) return
      done = true
      live.delete(world)
      rmSync(root, { recursive: true, force: true })
    },
  }
  live.add(world)
  if (!hooked) {
    hooked = true
    process.once('exit', () => [...live].forEach((w) => w.cleanup()))
  }
  return world
}

let shared: UserWorld | undefined

/** This test file's world (one per test process), created on first use. */
export function userWorld(): UserWorld {
  if (!shared || !existsSync(shared.root)) shared = createUserWorld()
  return shared
}

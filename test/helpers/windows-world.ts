import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { WindowsSide } from '../../src/core/windows/windows-side'
import { createUserWorld, type UserWorld } from './user-world'

const MOCKS = resolve(__dirname, '../windows-mock')

/**
 * Windows mocked, for the Windows-side steps: a user world whose HOME (spaces, an apostrophe, non-ASCII letters) is
 * also %UserProfile%, with the stand-ins of schtasks.exe and wsl.exe (test/windows-mock) keeping their state here.
 */
export interface WindowsWorld {
  readonly world: UserWorld
  readonly side: WindowsSide
  /** %UserProfile%\.wslconfig */
  readonly wslconfig: string
  readonly tasksDir: string
  /** For child processes (the CLI) and AppService: the stand-ins first on PATH, the user's variables set. */
  readonly env: NodeJS.ProcessEnv
  /** Each call of schtasks.exe (its argv), in order. */
  schtasksCalls(): string[][]
  /** Each call of wsl.exe (its argv), in order. */
  wslCalls(): string[][]
  /** The tasks as the stand-in holds them: name → XML. */
  tasks(): Record<string, string>
  /** The stand-ins' state folders are this process's (OCSS_SCHTASKS_DIR …); inbox() switches this process too. */
  /** A task made by hand (as a person's Task Scheduler would hold it). */
  putTask(name: string, xml: string): void
  removeTask(name: string): void
  inbox(on: boolean): void
  cleanup(): void
}

export const WINDOWS_USER = 'JÖRG-PC\\Jörg Müller'

export function createWindowsWorld(): WindowsWorld {
  const world = createUserWorld()
  const tasksDir = join(world.root, 'task-scheduler')
  mkdirSync(join(tasksDir, 'tasks'), { recursive: true })
  const wslLog = join(world.root, 'wsl-calls.log')
  const env: NodeJS.ProcessEnv = {
    ...world.env,
    PATH: `${MOCKS}:${world.env.PATH ?? ''}`,
    USERPROFILE: world.home,
    USERNAME: 'Jörg Müller',
    USERDOMAIN: 'JÖRG-PC',
    OCSS_SCHTASKS_DIR: tasksDir,
    OCSS_FAKE_WSL_LOG: wslLog,
  }
  // The stand-ins read their state folder from the environment of whoever starts them: this process too.
  process.env.OCSS_SCHTASKS_DIR = tasksDir
  process.env.OCSS_FAKE_WSL_LOG = wslLog
  delete process.env.OCSS_FAKE_WSL_INBOX
  const file = (name: string) => join(tasksDir, 'tasks', `${Buffer.from(name, 'utf8').toString('hex')}.xml`)
  const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : [])
  return {
    world,
    side: { wslExe: join(MOCKS, 'wsl.exe'), schtasksExe: join(MOCKS, 'schtasks.exe'), userProfile: world.home, user: WINDOWS_USER, undoDir: join(world.dataDir, 'windows-undo') },
    wslconfig: join(world.home, '.wslconfig'),
    tasksDir,
    env,
    schtasksCalls: () => lines(join(tasksDir, 'calls.log')),
    wslCalls: () => lines(wslLog),
    tasks: () => Object.fromEntries(readdirSync(join(tasksDir, 'tasks')).map((f) => [Buffer.from(f.replace(/\.xml$/, ''), 'hex').toString('utf8'), readFileSync(join(tasksDir, 'tasks', f), 'utf8')])),
    putTask: (name, xml) => writeFileSync(file(name), xml),
    removeTask: (name) => rmSync(file(name), { force: true }),
    inbox: (on) => {
      for (const e of [env, process.env]) {
        if (on) e.OCSS_FAKE_WSL_INBOX = '1'
        else delete e.OCSS_FAKE_WSL_INBOX
      }
    },
    cleanup: () => world.cleanup(),
  }
}

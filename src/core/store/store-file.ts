import Conf from 'conf'
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, type Stats, statSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import type { AppErrorShape } from '../../shared/result'
import { AppError } from '../app-error'

/** A file of the store that could not be used: what happened, what to do, and where the file went. */
export interface StoreProblem extends AppErrorShape {
  /** The file as it was named. */
  readonly file: string
  /** Where it was moved (`<name>.corrupt-<timestamp>`), or null if it could not be moved. */
  readonly movedTo: string | null
}

/** One step of a schema migration: the raw data of version n in, the raw data of version n + 1 out. */
export type MigrationStep = (raw: Record<string, unknown>) => Record<string, unknown>

export interface StoreFileDef<T> {
  readonly dir: string
  /** File name without `.json`. */
  readonly name: string
  /** What the file holds, for messages ("the saved checklist of u@h"). */
  readonly what: string
  readonly version: number
  readonly schema: z.ZodType<T>
  /** Migration steps keyed by the version they start from. */
  readonly migrations: Readonly<Record<number, MigrationStep>>
  readonly empty: () => T
}

export type Upgraded<T> = { readonly ok: true; readonly value: T; readonly from: number | null } | { readonly ok: false; readonly reason: string; readonly future: boolean }

/** The schema version of raw file data: `schemaVersion`, or `version` in files written before the field was renamed. */
export function versionOf(raw: Record<string, unknown>): number | null {
  const v = raw.schemaVersion ?? raw.version
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null
}

/**
 * Brings raw file data to the current version through the migration steps, then validates it with zod. An empty object
 * (no file yet) is the empty value; a missing or unknown version, a gap in the steps or a schema violation is a failure,
 * and a version newer than this build knows is a failure marked `future`.
 */
export function upgrade<T>(raw: unknown, def: Pick<StoreFileDef<T>, 'version' | 'schema' | 'migrations' | 'empty'>): Upgraded<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'it does not hold a JSON object', future: false }
  const obj = raw as Record<string, unknown>
  if (Object.keys(obj).length === 0) return { ok: true, value: def.empty(), from: null }
  const start = versionOf(obj)
  if (start === null) return { ok: false, reason: 'it has no schema version', future: false }
  if (start > def.version) return { ok: false, reason: `it was written by a newer version of the app (schema ${start}; this version reads up to ${def.version})`, future: true }
  let data = obj
  for (let v = start; v < def.version; v++) {
    const step = def.migrations[v]
    if (!step) return { ok: false, reason: `there is no migration from schema ${v}`, future: false }
    try {
      data = step(data)
    } catch (err) {
      return { ok: false, reason: `its migration from schema ${v} failed (${err instanceof Error ? err.message : String(err)})`, future: false }
    }
  }
  const parsed = def.schema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, reason: `it does not match the expected format (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`, future: false }
  }
  return { ok: true, value: parsed.data, from: start === def.version ? null : start }
}

/** Creates a folder (and its parents) for the store and makes it private (700). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700)
}

/** Makes an existing regular file private (600); files written by earlier releases were 644. Never acts through a link. */
export function tightenFile(path: string): void {
  if (process.platform === 'win32') return
  try {
    const s = lstatSync(path)
    if (s.isFile() && (s.mode & 0o077) !== 0) chmodSync(path, 0o600)
  } catch {
    // Missing or not ours: nothing to tighten.
  }
}

/** Filesystem-safe time stamp (no colons, for Windows). */
export function fileStamp(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/** Moves a file aside to `<name>.corrupt-<timestamp>` (mode 600); returns the new path, or null if it could not be moved. */
export function moveAside(path: string, now = new Date()): string | null {
  let target = `${path}.corrupt-${fileStamp(now)}`
  for (let i = 1; exists(target); i++) target = `${path}.corrupt-${fileStamp(now)}-${i}`
  try {
    renameSync(path, target)
  } catch {
    return null
  }
  tightenFile(target)
  return target
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

/** The temp files `atomically` writes next to a file before renaming them over it: `<name>.tmp-<10 digits><6 hex>`. */
export const TEMP_FILE_PATTERN = /\.tmp-\d{10}[0-9a-f]{6}$/

/**
 * Removes temp files left behind by a writer that was killed mid-write (a clean exit removes its own). Only files older
 * than `olderThanMs` go, so another process's write in progress is never touched. Returns how many were removed.
 */
export function removeStaleTemps(dir: string, olderThanMs = 60_000, now = Date.now()): number {
  let removed = 0
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0
  }
  for (const name of names) {
    if (!TEMP_FILE_PATTERN.test(name)) continue
    const path = join(dir, name)
    try {
      // Whole milliseconds on both sides: Date.now() is truncated to the millisecond while a file's mtimeMs keeps the
      // sub-millisecond part, so a file written within the current millisecond would otherwise look up to 1 ms younger
      // than "now" (a negative age) and survive even `olderThanMs = 0`.
      if (Math.floor(now) - Math.floor(statSync(path).mtimeMs) < olderThanMs) continue
      unlinkSync(path)
      removed++
    } catch {
      // Gone already or not ours.
    }
  }
  return removed
}

/** What a file of the data folder is when it is not a regular file or a folder (both handled elsewhere), or null. */
function oddKind(s: Stats): string | null {
  if (s.isSymbolicLink()) return 'a symbolic link'
  if (s.isFile() || s.isDirectory()) return null
  return 'not a regular file (a device, pipe or socket)'
}

/**
 * Refuses to write a store file through a symbolic link, or onto anything but a regular file: conf's writer
 * (`atomically`) resolves links and writes where they point, and copies the owner of what it finds when run as root.
 */
export function refuseOddStoreFile(path: string, what: string): void {
  const s = lstatSync(path, { throwIfNoEntry: false })
  if (!s || s.isFile()) return
  const kind = s.isDirectory() ? 'a folder' : (oddKind(s) ?? 'not a regular file')
  throw new AppError(
    'STORE_WRITE_FAILED',
    `Refused to save ${what}: ${path} is ${kind}, and the app writes its data folder only as plain files, never through links.`,
    `Remove ${basename(path)} from ${dirname(path)} (nothing in the app's data folder should be a link), then try again.`,
  )
}

function describeError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  if (err instanceof SyntaxError) return 'it is not valid JSON'
  if (code === 'EACCES' || code === 'EPERM') return 'the app has no permission to read it'
  if (code === 'EISDIR') return 'it is a folder, not a file'
  return `it could not be read (${err instanceof Error ? err.message : String(err)})`
}

/** Errors after which the file is moved aside; anything else (EMFILE, EIO, …) is reported and the file left in place. */
function isFileFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return err instanceof SyntaxError || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR'
}

/**
 * One JSON file of the store, written by `conf` (atomic writes through `atomically`: a temp file in the same folder, fsync,
 * then rename; mode 600). Every read is validated with zod after the migration steps; a file that cannot be used is moved
 * aside and reported through `onProblem`, and the empty value is used in its place, so the app always starts.
 */
export class StoreFile<T> {
  private conf: Conf<Record<string, unknown>> | null = null
  private cache: { readonly stamp: string; readonly value: T } | null = null

  constructor(
    private readonly def: StoreFileDef<T>,
    private readonly onProblem: (p: StoreProblem) => void,
  ) {
    ensurePrivateDir(def.dir)
    tightenFile(this.path)
  }

  get path(): string {
    return join(this.def.dir, `${this.def.name}.json`)
  }

  exists(): boolean {
    return stampOf(this.path) !== null
  }

  /** The file's validated content (migrated and written back when it was older); the empty value when it is missing or unusable. */
  read(): T {
    const stamp = stampOf(this.path)
    if (stamp === null) return this.def.empty()
    if (this.cache?.stamp === stamp) return this.cache.value
    // A link (or a FIFO, which would block the read) is never followed: moved aside like any unusable file.
    const odd = oddKindAt(this.path)
    if (odd) return this.fail(`it is ${odd}, and the app does not follow links or read special files in its data folder`, true, false)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'))
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return this.def.empty()
      return this.fail(describeError(err), isFileFault(err), false)
    }
    const up = upgrade(raw, this.def)
    if (!up.ok) return this.fail(up.reason, true, up.future)
    if (up.from !== null) this.write(up.value)
    else this.cache = { stamp, value: up.value }
    return up.value
  }

  /** Validates and writes the whole file through conf: atomically (temp file, fsync, rename) and with mode 600. */
  write(value: T): void {
    const parsed = this.def.schema.safeParse(value)
    if (!parsed.success) throw new AppError('INTERNAL', `Refused to save ${this.def.what}: ${parsed.error.issues[0]?.message ?? 'invalid data'}.`, 'This is a bug in OpenClaw Secure Setup; nothing was changed on disk.')
    refuseOddStoreFile(this.path, this.def.what)
    try {
      ensurePrivateDir(this.def.dir)
      // conf reads the file when it starts; it starts here, after read() has moved an unusable file aside.
      this.conf ??= new Conf<Record<string, unknown>>({ cwd: this.def.dir, configName: this.def.name, configFileMode: 0o600, clearInvalidConfig: false, accessPropertiesByDotNotation: false })
      this.conf.store = parsed.data as Record<string, unknown>
    } catch (err) {
      throw new AppError('STORE_WRITE_FAILED', `Could not save ${this.def.what} to ${this.path}: ${err instanceof Error ? err.message : String(err)}.`, 'Check that the data folder is writable and the disk is not full, then try again.')
    }
    const stamp = stampOf(this.path)
    this.cache = stamp ? { stamp, value: parsed.data } : null
  }

  private fail(reason: string, moveIt: boolean, future: boolean): T {
    this.cache = null
    const file = this.path
    const movedTo = moveIt ? moveAside(file) : null
    const name = basename(file)
    const where = movedTo ? ` It was moved aside to ${basename(movedTo)}.` : moveIt ? ' It could not be moved aside either.' : ''
    this.onProblem({
      code: 'STORE_UNREADABLE',
      file,
      movedTo,
      message: `The saved file ${name} (${this.def.what}) could not be used: ${reason}.${where}`,
      hint: future
        ? `Update OpenClaw Secure Setup to read it again${movedTo ? ` (rename ${basename(movedTo)} back to ${name})` : ''}. Until then the app carries on without it.`
        : movedTo
          ? `The app carries on without it: re-check the machine to rebuild what it held. The old file is kept in ${dirname(movedTo)} for inspection; delete it when you no longer need it.`
          : `The app carries on without it. Check the permissions of ${dirname(file)} and of the file, then restart the app.`,
    })
    return this.def.empty()
  }
}

/** What the entry at `path` is when it is a link or a special file (never to be followed or read), else null. */
export function oddKindAt(path: string): string | null {
  const s = lstatSync(path, { throwIfNoEntry: false })
  return s ? oddKind(s) : null
}

/** Identity of the file's current version on disk (a rename gives a new inode), or null if it does not exist. Links are not followed. */
function stampOf(path: string): string | null {
  try {
    const s = lstatSync(path)
    return `${s.ino}:${s.size}:${s.mtimeMs}`
  } catch {
    return null
  }
}

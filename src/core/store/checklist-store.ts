import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { WslSetupProgress } from '../../shared/ipc-contract'
import type { CheckRecord } from '../../shared/step'
import type { TargetSpec } from '../../shared/target-spec'
import { AppError } from '../app-error'
import { appendHistory, changesSince, HISTORY_LIMIT, latestItems, runTimes, type ItemChange } from './item-history'
import { ensurePrivateDir, fileStamp, moveAside, oddKindAt, removeStaleTemps, StoreFile, tightenFile, upgrade, type StoreProblem } from './store-file'
import { emptyIndex, INDEX_FILE_MIGRATIONS, migrateLegacyV1, redactRecord, TARGET_FILE_MIGRATIONS, targetFileName } from './store-migrations'
import { indexFileSchema, legacyV1Schema, SCHEMA_VERSION, TARGET_FILE_PATTERN, targetFileSchema, type HistoryEntry, type IndexFile, type LegacyV1, type TargetFile } from './store-schema'

export type { ItemChange } from './item-history'
export type { StoreProblem } from './store-file'
export type { HistoryEntry } from './store-schema'

/** What is kept per target. No secrets: the spec holds a key file's path, never its contents. */
export interface TargetRecord {
  readonly spec: TargetSpec
  readonly label: string
  /** The host key the user accepted (SSH only). */
  readonly hostKey?: { readonly type: string; readonly blob: string; readonly fingerprint: string }
  /** The latest result of every item. */
  readonly items: Readonly<Record<string, CheckRecord>>
}

/** Proof that the app's own key logged in to a target with BatchMode (no password possible). */
export interface KeyLoginProof {
  /** ISO 8601 time of the proof. */
  readonly at: string
  /** SHA256:… of the app key that logged in. */
  readonly fingerprint: string
}

/** A saved target as the list of targets shows it. */
export interface TargetSummaryEntry {
  readonly key: string
  readonly label: string
  readonly kind: TargetSpec['kind']
  readonly updatedAt: string
}

export interface ChecklistStoreOptions {
  /** Saved results kept per item (default 20). */
  readonly historyLimit?: number
  /** The clock (tests). */
  readonly now?: () => Date
}

/** The single file of release 0.1 (schema 1); migrated and then renamed to `checklist.json.migrated-<time>`. */
export const LEGACY_FILE = 'checklist.json'
export const INDEX_FILE = 'index.json'
export const TARGETS_DIR = 'targets'

/**
 * The saved checklist, in the app's data folder (Electron's userData in the app, the XDG config folder in the CLI, a temp
 * folder in tests), folders 700 and files 600, every file written atomically by `conf`:
 *
 *   index.json                      last target, WSL setup progress, the list of targets
 *   targets/<sha256(key)[:16]>.json one per target: spec, label, pinned host key, key-login proof, results with history
 *
 * Every file is validated with zod when read and carries `schemaVersion`; an unusable file is moved aside
 * (`<name>.corrupt-<time>`) and reported by `problems()`, and the store carries on without it.
 */
export class ChecklistStore {
  readonly dataDir: string
  /** Where the schema-1 `checklist.json` went after it was migrated in this session (null if there was none). */
  readonly migratedLegacy: string | null
  private readonly index: StoreFile<IndexFile>
  private readonly files = new Map<string, StoreFile<TargetFile>>()
  private readonly found: StoreProblem[] = []
  private readonly historyLimit: number
  private readonly now: () => Date

  constructor(dataDir: string, opts: ChecklistStoreOptions = {}) {
    this.dataDir = dataDir
    this.historyLimit = opts.historyLimit ?? HISTORY_LIMIT
    this.now = opts.now ?? (() => new Date())
    ensurePrivateDir(dataDir)
    ensurePrivateDir(this.targetsDir)
    removeStaleTemps(dataDir)
    removeStaleTemps(this.targetsDir)
    this.index = new StoreFile(
      { dir: dataDir, name: 'index', what: 'the list of targets and the setup progress', version: SCHEMA_VERSION, schema: indexFileSchema, migrations: INDEX_FILE_MIGRATIONS, empty: emptyIndex },
      (p) => this.found.push(p),
    )
    this.migratedLegacy = this.migrateLegacy()
    this.reconcile()
  }

  /** The app-level file (index.json). */
  get path(): string {
    return this.index.path
  }

  /** The file that holds a target's records. */
  targetPath(key: string): string {
    return join(this.targetsDir, targetFileName(key))
  }

  /** Files that could not be used (moved aside), oldest first; empty when all is well. */
  problems(): readonly StoreProblem[] {
    return [...this.found]
  }

  target(key: string): TargetRecord | undefined {
    const file = this.readTarget(key)
    if (!file?.target) return undefined
    return { ...file.target, items: latestItems(file.history) }
  }

  /** Every saved target, most recently saved first. */
  targets(): TargetSummaryEntry[] {
    return Object.entries(this.index.read().targets)
      .map(([key, t]) => ({ key, label: t.label, kind: t.kind, updatedAt: t.updatedAt }))
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
  }

  lastTargetKey(): string | null {
    return this.index.read().lastTarget
  }

  /** Saves a target's spec, label and host key (keeping its results and key proof) and makes it the last target. */
  saveTarget(key: string, record: Omit<TargetRecord, 'items'>): void {
    const at = this.now().toISOString()
    const file = this.readTarget(key) ?? this.emptyTarget(key)
    // Only the known fields: callers may pass a whole TargetRecord (items included), which is not stored here.
    const target = { spec: record.spec, label: record.label, ...(record.hostKey ? { hostKey: { type: record.hostKey.type, blob: record.hostKey.blob, fingerprint: record.hostKey.fingerprint } } : {}) }
    this.fileFor(key).write({ ...file, target, updatedAt: at })
    const index = this.index.read()
    this.index.write({ ...index, lastTarget: key, targets: { ...index.targets, [key]: { file: targetFileName(key), label: record.label, kind: record.spec.kind, updatedAt: at } } })
  }

  /** Saves check results: each becomes its item's latest result, earlier ones stay in the item's history (bounded). */
  saveResults(key: string, records: readonly CheckRecord[]): void {
    const file = this.readTarget(key)
    if (!file?.target) throw new AppError('INVALID_INPUT', `Unknown target ${key}: its results were not saved.`, 'Connect to the machine first, then check again.')
    const at = this.now().toISOString()
    this.fileFor(key).write({ ...file, history: appendHistory(file.history, records.map(redactRecord), at, this.historyLimit), updatedAt: at })
  }

  /** An item's saved results, oldest first (at most the history limit). */
  history(key: string, stepId: string): readonly HistoryEntry[] {
    return this.readTarget(key)?.history[stepId] ?? []
  }

  /** Items whose result changed (status or check version, or first result) after `since`. */
  changesSince(key: string, since: Date | string): ItemChange[] {
    const file = this.readTarget(key)
    return file ? changesSince(file.history, typeof since === 'string' ? new Date(since) : since) : []
  }

  /** The times results of this target were saved, newest first: `changesSince(key, runs[1])` is "since last time". */
  runs(key: string): string[] {
    const file = this.readTarget(key)
    return file ? runTimes(file.history) : []
  }

  /** The recorded key-login proof for a target, if any. */
  keyLogin(key: string): KeyLoginProof | undefined {
    return this.readTarget(key)?.keyLogin
  }

  saveKeyLogin(key: string, proof: KeyLoginProof): void {
    const file = this.readTarget(key) ?? this.emptyTarget(key)
    this.fileFor(key).write({ ...file, keyLogin: { at: proof.at, fingerprint: proof.fingerprint }, updatedAt: this.now().toISOString() })
  }

  /** The non-secret inputs last given to a step on this target ({} when none). */
  stepInputs(key: string, stepId: string): Readonly<Record<string, string>> {
    return this.readTarget(key)?.stepInputs[stepId] ?? {}
  }

  /** Every step's saved non-secret inputs on this target. */
  allStepInputs(key: string): Readonly<Record<string, Readonly<Record<string, string>>>> {
    return this.readTarget(key)?.stepInputs ?? {}
  }

  /**
   * Keeps the inputs given to a step on a saved target (replacing the earlier ones of that step). The caller passes
   * only non-secret values (plainInputs()); the service validated them against the step's schema first.
   */
  saveStepInputs(key: string, stepId: string, inputs: Readonly<Record<string, string>>): void {
    const file = this.readTarget(key)
    if (!file?.target) throw new AppError('INVALID_INPUT', `Unknown target ${key}: the step's inputs were not saved.`, 'Connect to the machine first, then run the step again.')
    this.fileFor(key).write({ ...file, stepInputs: { ...file.stepInputs, [stepId]: { ...inputs } }, updatedAt: this.now().toISOString() })
  }

  /** The guided WSL setup's saved progress, or null. */
  setupProgress(): WslSetupProgress | null {
    return this.index.read().setup ?? null
  }

  saveSetupProgress(progress: WslSetupProgress): void {
    this.index.write({ ...this.index.read(), setup: progress })
  }

  clearSetupProgress(): void {
    const { setup: _setup, ...rest } = this.index.read()
    this.index.write(rest)
  }

  private get targetsDir(): string {
    return join(this.dataDir, TARGETS_DIR)
  }

  private emptyTarget(key: string): TargetFile {
    return { schemaVersion: SCHEMA_VERSION, key, history: {}, stepInputs: {}, updatedAt: this.now().toISOString() }
  }

  private fileFor(key: string): StoreFile<TargetFile> {
    return this.fileNamed(targetFileName(key), key)
  }

  private fileNamed(name: string, what: string): StoreFile<TargetFile> {
    let f = this.files.get(name)
    if (!f) {
      f = new StoreFile(
        { dir: this.targetsDir, name: name.replace(/\.json$/, ''), what: `the saved checklist of ${what}`, version: SCHEMA_VERSION, schema: targetFileSchema, migrations: TARGET_FILE_MIGRATIONS, empty: () => this.emptyTarget(what) },
        (p) => this.found.push(p),
      )
      this.files.set(name, f)
    }
    return f
  }

  /** The target's file, or undefined when there is none (or it belongs to another key). */
  private readTarget(key: string): TargetFile | undefined {
    const f = this.fileFor(key)
    if (!f.exists()) return undefined
    const file = f.read()
    return file.key === key && (file.target || file.keyLogin || Object.keys(file.history).length > 0) ? file : undefined
  }

  /**
   * Schema 1 → 2: splits `checklist.json` into the index and the target files, keeping any newer file already there
   * (a migration cut short is simply run again), then renames it to `checklist.json.migrated-<time>`.
   */
  private migrateLegacy(): string | null {
    const path = join(this.dataDir, LEGACY_FILE)
    if (!existsSync(path) && !oddKindAt(path)) return null
    const odd = oddKindAt(path)
    if (odd) {
      this.legacyProblem(path, `it is ${odd}, and the app does not follow links or read special files in its data folder`, false)
      return null
    }
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (err) {
      this.legacyProblem(path, err instanceof SyntaxError ? 'it is not valid JSON' : `it could not be read (${err instanceof Error ? err.message : String(err)})`, false)
      return null
    }
    const up = upgrade<LegacyV1>(raw, { version: 1, schema: legacyV1Schema, migrations: {}, empty: () => ({ version: 1, lastTarget: null, targets: {} }) })
    if (!up.ok) {
      this.legacyProblem(path, up.reason, up.future)
      return null
    }
    const layout = migrateLegacyV1(up.value, this.now())
    for (const t of layout.targets) {
      const f = this.fileFor(t.key)
      if (!f.exists() || f.read().key !== t.key) f.write(t)
    }
    const current = this.index.exists() ? this.index.read() : null
    this.index.write(
      current
        ? { ...current, lastTarget: current.lastTarget ?? layout.index.lastTarget, ...(current.setup ?? layout.index.setup ? { setup: current.setup ?? layout.index.setup } : {}), targets: { ...layout.index.targets, ...current.targets } }
        : layout.index,
    )
    const backup = `${path}.migrated-${fileStamp(this.now())}`
    renameSync(path, backup)
    tightenFile(backup)
    return backup
  }

  private legacyProblem(path: string, reason: string, future: boolean): void {
    const movedTo = moveAside(path)
    this.found.push({
      code: 'STORE_UNREADABLE',
      file: path,
      movedTo,
      message: `The saved checklist of an earlier release (${LEGACY_FILE}) could not be migrated: ${reason}.${movedTo ? ` It was moved aside to ${movedTo.slice(this.dataDir.length + 1)}.` : ''}`,
      hint: future ? 'Update OpenClaw Secure Setup to read it.' : 'The app carries on without it: connect and re-check your machines to rebuild the checklist.',
    })
  }

  /**
   * Makes the index agree with the target files: files it does not list (a save cut short between the two writes, or
   * an index that was moved aside) are added, entries whose file is gone are dropped, and a last target that is gone
   * gives way to the most recently saved one. Reads every target file, so unusable ones are reported at start.
   */
  private reconcile(): void {
    const index = this.index.read()
    const found: IndexFile['targets'] = {}
    let names: string[] = []
    try {
      names = readdirSync(this.targetsDir).filter((n) => TARGET_FILE_PATTERN.test(n))
    } catch {
      // No folder: no targets.
    }
    for (const name of names) {
      const known = Object.entries(index.targets).find(([, t]) => t.file === name)?.[0]
      const file = this.fileNamed(name, known ?? name).read()
      if (!file.target || targetFileName(file.key) !== name) continue
      found[file.key] = index.targets[file.key] ?? { file: name, label: file.target.label, kind: file.target.spec.kind, updatedAt: file.updatedAt }
    }
    const newest = Object.entries(found).sort(([, a], [, b]) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0]?.[0] ?? null
    const lastTarget = index.lastTarget !== null && found[index.lastTarget] ? index.lastTarget : newest
    const same = lastTarget === index.lastTarget && JSON.stringify(Object.keys(found).sort()) === JSON.stringify(Object.keys(index.targets).sort())
    if (!same) this.index.write({ ...index, lastTarget, targets: found })
  }
}

import { createHash } from 'node:crypto'
import { redact, redactLines } from '../../checklist/redact'
import type { CheckRecord } from '../../shared/step'
import type { MigrationStep } from './store-file'
import { appendHistory } from './item-history'
import { SCHEMA_VERSION, type IndexFile, type LegacyV1, type TargetFile } from './store-schema'

/** The file of a target inside `targets/`: the first 16 hex digits of the SHA-256 of its key (no host name on disk). */
export function targetFileName(key: string): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`
}

/** A check record as it may be saved: summary and evidence redacted again (recordsFrom did it already; this is the second lock). */
export function redactRecord(r: CheckRecord): CheckRecord {
  return { ...r, summary: redact(r.summary), evidence: redactLines(r.evidence) }
}

/**
 * Migration steps of the per-target files and of the index, keyed by the version they start from. Version 2 is the
 * first version of these files (version 1 was the single `checklist.json`, migrated by `migrateLegacyV1`). Schema 3
 * adds `stepInputs` (no inputs saved yet) to each target file; the index only moves its version along.
 */
export const TARGET_FILE_MIGRATIONS: Readonly<Record<number, MigrationStep>> = {
  2: (raw) => ({ ...raw, schemaVersion: 3, stepInputs: {} }),
}
export const INDEX_FILE_MIGRATIONS: Readonly<Record<number, MigrationStep>> = {
  2: (raw) => ({ ...raw, schemaVersion: 3 }),
}

export const emptyIndex = (): IndexFile => ({ schemaVersion: SCHEMA_VERSION, lastTarget: null, targets: {} })

export interface MigratedLayout {
  readonly index: IndexFile
  readonly targets: readonly TargetFile[]
}

/**
 * Schema 1 → 2: splits the single `checklist.json` (lastTarget, targets{spec,label,hostKey,items}, keyLogins, setup)
 * into the index and one file per target. Every target keeps its spec, label, pinned host key, key-login proof and
 * results (each result becomes the first entry of its item's history, saved at its check time); a key-login proof of
 * a key without a target gets a file of its own. Evidence is redacted again on the way. Pure.
 */
export function migrateLegacyV1(legacy: LegacyV1, now = new Date()): MigratedLayout {
  const at = now.toISOString()
  const keys = new Set([...Object.keys(legacy.targets), ...Object.keys(legacy.keyLogins ?? {})])
  const targets: TargetFile[] = []
  const listed: IndexFile['targets'] = {}
  for (const key of keys) {
    const t = legacy.targets[key]
    let history = {}
    for (const record of Object.values(t?.items ?? {})) history = appendHistory(history, [redactRecord(record)], record.checkedAt ?? at)
    const proof = legacy.keyLogins?.[key]
    targets.push({
      schemaVersion: SCHEMA_VERSION,
      key,
      ...(t ? { target: { spec: t.spec, label: t.label, ...(t.hostKey ? { hostKey: t.hostKey } : {}) } } : {}),
      ...(proof ? { keyLogin: proof } : {}),
      history,
      stepInputs: {},
      updatedAt: at,
    })
    if (t) listed[key] = { file: targetFileName(key), label: t.label, kind: t.spec.kind, updatedAt: at }
  }
  const lastTarget = legacy.lastTarget !== null && legacy.targets[legacy.lastTarget] ? legacy.lastTarget : null
  return { index: { schemaVersion: SCHEMA_VERSION, lastTarget, ...(legacy.setup ? { setup: legacy.setup } : {}), targets: listed }, targets }
}

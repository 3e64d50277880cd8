import { z } from 'zod'
import { INPUT_NAME_PATTERN, STEP_ID_PATTERN } from '../../shared/step'
import { FINGERPRINT_PATTERN, targetSpecSchema } from '../../shared/target-spec'
import { hostKeyProblem } from '../targets/host-key'

/**
 * The zod schemas of every file the store writes (read back through them on every load). Nothing here may hold a secret:
 * a target's spec names a key file's path, never its contents; check evidence is redacted before it is saved.
 */

/**
 * The current schema version of the store's files (the single `checklist.json` of earlier releases was version 1;
 * version 3 added the saved step inputs of each target).
 */
export const SCHEMA_VERSION = 3

export const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date')

export const checkRecordSchema = z.object({
  stepId: z.string().min(1).max(64),
  status: z.enum(['pass', 'fail', 'error', 'interrupted', 'not-applicable', 'unknown']),
  summary: z.string().max(2000),
  evidence: z.array(z.string().max(20_000)).max(2000),
  checkedAt: isoTime.nullable(),
  checkVersion: z.string().max(200),
})

/** One saved result of one item: the check record plus when it was saved. */
export const historyEntrySchema = checkRecordSchema.extend({ savedAt: isoTime })

/**
 * A pinned host key. Besides the shapes, it must be consistent (hostKeyProblem): a known type, a strict base64 blob of a
 * key of that type, and the fingerprint recomputed from the blob. The pin becomes a known_hosts line and a
 * HostKeyAlgorithms value, so a tampered file must not inject a line break, another algorithm or a key that is not the
 * one whose fingerprint the person confirmed.
 */
export const hostKeySchema = z
  .object({ type: z.string().min(1).max(100), blob: z.string().min(1).max(20_000), fingerprint: z.string().regex(FINGERPRINT_PATTERN) })
  .superRefine((key, ctx) => {
    const problem = hostKeyProblem(key)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/**
 * The non-secret inputs a person gave each step on this target (`stepInputs[stepId][NAME]`), reused by the next run and
 * check. A secret input is never saved (the service keeps only plainInputs()).
 */
export const stepInputsSchema = z.record(
  z.string().regex(STEP_ID_PATTERN),
  z.record(z.string().regex(INPUT_NAME_PATTERN), z.string().max(4096)),
)

export const keyLoginSchema = z.object({ at: isoTime, fingerprint: z.string().regex(FINGERPRINT_PATTERN) })

export const setupProgressSchema = z.object({
  phase: z.enum(['install-wsl', 'install-distro', 'reboot-pending', 'first-user', 'connect']),
  distro: z.string().max(64).nullable(),
  user: z.string().max(64).optional(),
  updatedAt: isoTime,
})

/** `targets/<sha256(key)[:16]>.json`: everything kept about one target (profile). */
export const targetFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  key: z.string().min(1).max(1000),
  /** Absent while only a key-login proof is known for the key. */
  target: z.object({ spec: targetSpecSchema, label: z.string().max(400), hostKey: hostKeySchema.optional() }).optional(),
  keyLogin: keyLoginSchema.optional(),
  /** Per item, the last saved results, oldest first (bounded). */
  history: z.record(z.string(), z.array(historyEntrySchema)),
  stepInputs: stepInputsSchema,
  updatedAt: isoTime,
})

export const TARGET_FILE_PATTERN = /^[0-9a-f]{16}\.json$/

/** `index.json`: the app-level file — last target, WSL setup progress, and the list of targets. */
export const indexFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  lastTarget: z.string().max(1000).nullable(),
  setup: setupProgressSchema.optional(),
  targets: z.record(z.string(), z.object({ file: z.string().regex(TARGET_FILE_PATTERN), label: z.string().max(400), kind: z.enum(['ssh', 'wsl']), updatedAt: isoTime })),
})

/** The single `checklist.json` written by release 0.1 (schema version 1), read only to migrate it. */
export const legacyV1Schema = z.object({
  version: z.literal(1),
  lastTarget: z.string().nullable(),
  targets: z.record(z.string(), z.object({ spec: targetSpecSchema, label: z.string(), hostKey: hostKeySchema.optional(), items: z.record(z.string(), checkRecordSchema) })),
  keyLogins: z.record(z.string(), keyLoginSchema).optional(),
  setup: setupProgressSchema.optional(),
})

export type HistoryEntry = z.infer<typeof historyEntrySchema>
export type TargetFile = z.infer<typeof targetFileSchema>
export type IndexFile = z.infer<typeof indexFileSchema>
export type LegacyV1 = z.infer<typeof legacyV1Schema>

import { stepById, type CatalogStep } from '../../catalog'
import { OPENCLAW_ACCOUNT_STEP_ID } from '../../catalog/openclaw-account/step'
import { inputSchema, isSecretKind, plainInputs, secretUrlHashName, SHA256_HEX } from '../../shared/step-inputs'
import { USER_PATTERN } from '../../shared/target-spec'
import type { JobEnv } from '../runner/job'

/** The part of the checklist store the saved inputs come from. */
export interface SavedInputsStore {
  stepInputs(key: string, stepId: string): Readonly<Record<string, string>>
}

/** The saved inputs of a step that it still declares (a renamed input is dropped, not refused). */
export function savedInputs(store: SavedInputsStore, key: string, step: CatalogStep): Record<string, string> {
  const declared = new Set((step.meta.inputs ?? []).filter((i) => !isSecretKind(i.kind)).map((i) => i.name))
  return Object.fromEntries(Object.entries(store.stepInputs(key, step.meta.id)).filter(([name]) => declared.has(name)))
}

/** The kept SHA-256 of each 'secret-url' input of a step (saved as <NAME>_SHA256), the only thing kept of it. */
export function savedHashes(store: SavedInputsStore, key: string, step: CatalogStep): Record<string, string> {
  const saved = store.stepInputs(key, step.meta.id)
  const names = (step.meta.inputs ?? []).filter((i) => i.kind === 'secret-url').map((i) => secretUrlHashName(i.name))
  return Object.fromEntries(names.flatMap((n) => (saved[n] !== undefined && SHA256_HEX.test(saved[n]) ? [[n, saved[n]]] : [])))
}

/**
 * What every check and job of a target runs with: each step's saved inputs (validated again, never trusted) with the
 * kept hashes of its secret URLs, and the OpenClaw account the account step saved. The window's re-check and the CLI's
 * `verify` both use it, so a check reads the same answers whichever of them runs it.
 */
export function savedJobEnv(store: SavedInputsStore, key: string): JobEnv {
  const ocUser = store.stepInputs(key, OPENCLAW_ACCOUNT_STEP_ID).OC_USER
  return {
    inputsFor: (stepId) => {
      const step = stepById(stepId)
      if (!step?.meta.inputs?.length) return {}
      const r = inputSchema(step.meta.inputs, { requireAll: false }).safeParse(savedInputs(store, key, step))
      return { ...(r.success ? plainInputs(step.meta.inputs, r.data) : {}), ...savedHashes(store, key, step) }
    },
    params: ocUser && USER_PATTERN.test(ocUser) ? { OC_USER: ocUser } : {},
  }
}

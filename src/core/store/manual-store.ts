import { z } from 'zod'
import type { ManualConfirmation, Waiver } from '../../checklist/item-state'
import { reminderDate } from '../../checklist/item-state'
import { itemById } from '../../checklist/items'
import { redact } from '../../checklist/redact'
import { AppError } from '../app-error'
import { StoreFile, type StoreProblem } from './store-file'

/**
 * Manual confirmations and waivers, per target, in their own file next to the checklist store (`manual.json`, mode 600,
 * atomic writes by conf, validated with zod on read, `schemaVersion` 2 — release 0.1 wrote `version: 1`, migrated on
 * read). Kept apart so the checklist store's schema can change without touching them. An unusable file is moved aside
 * and reported by `problems()`, as the checklist store does.
 */
const iso = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a date')
const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'control characters')
const confirmationSchema = z.object({ itemId: z.string(), by: text(80), at: iso, note: text(500), expiresAt: iso.optional() })
const waiverSchema = z.object({ itemId: z.string(), by: text(80), at: iso, reason: text(500), until: iso.optional() })
const targetSchema = z.object({ confirmations: z.record(z.string(), confirmationSchema), waivers: z.record(z.string(), waiverSchema) })
const fileSchema = z.object({ schemaVersion: z.literal(2), targets: z.record(z.string(), targetSchema) })

type FileShape = z.infer<typeof fileSchema>

export interface ManualRecords {
  readonly confirmations: Readonly<Record<string, ManualConfirmation>>
  readonly waivers: Readonly<Record<string, Waiver>>
}

export const confirmInputSchema = z.object({ by: text(80), note: text(500) })
export const waiveInputSchema = z.object({ by: text(80), reason: text(500), until: iso.optional() })

export class ManualStore {
  private readonly file: StoreFile<FileShape>
  private readonly found: StoreProblem[] = []

  constructor(dataDir: string) {
    this.file = new StoreFile(
      {
        dir: dataDir,
        name: 'manual',
        what: 'the confirmations and waivers',
        version: 2,
        schema: fileSchema,
        migrations: { 1: ({ version: _v, ...rest }) => ({ ...rest, schemaVersion: 2 }) },
        empty: () => ({ schemaVersion: 2, targets: {} }),
      },
      (p) => this.found.push(p),
    )
  }

  get path(): string {
    return this.file.path
  }

  /** The file moved aside (unreadable, invalid, or from a newer release), if any. */
  problems(): readonly StoreProblem[] {
    this.file.read()
    return [...this.found]
  }

  /** The target's confirmations and waivers (an invalid file is never trusted: it is moved aside and reads as empty). */
  forTarget(key: string): ManualRecords {
    return this.file.read().targets[key] ?? { confirmations: {}, waivers: {} }
  }

  /** Records a person's confirmation of a manual item; an expiring item gets its reminder date. */
  confirm(key: string, itemId: string, input: { by: string; note: string }, now = new Date()): ManualConfirmation {
    const item = itemById(itemId)
    if (!item || item.check.kind !== 'manual') {
      throw new AppError('INVALID_INPUT', `"${itemId}" is not an item you confirm by hand.`, 'Only items no command can check (router isolation, spend cap, key rotation, …) take a confirmation.')
    }
    const v = confirmInputSchema.safeParse(input)
    if (!v.success) throw new AppError('INVALID_INPUT', `The confirmation is incomplete: ${v.error.issues[0]?.path.join('.') ?? ''} ${v.error.issues[0]?.message ?? ''}.`.trim(), 'Give your name and a short note (what you checked).')
    const c: ManualConfirmation = {
      itemId,
      by: redact(v.data.by),
      at: now.toISOString(),
      note: redact(v.data.note),
      ...(item.check.renewEveryDays ? { expiresAt: reminderDate(now, item.check.renewEveryDays) } : {}),
    }
    this.update(key, (t) => ({ ...t, confirmations: { ...t.confirmations, [itemId]: c } }))
    return c
  }

  /** Accepts an item as it is, with a reason. */
  waive(key: string, itemId: string, input: { by: string; reason: string; until?: string }, now = new Date()): Waiver {
    if (!itemById(itemId)) throw new AppError('INVALID_INPUT', `There is no checklist item "${itemId}".`, 'Reload the checklist; the list may have changed.')
    const v = waiveInputSchema.safeParse(input)
    if (!v.success) throw new AppError('INVALID_INPUT', 'A waiver needs your name and a reason.', 'Say why this item is acceptable as it is.')
    const w: Waiver = { itemId, by: redact(v.data.by), at: now.toISOString(), reason: redact(v.data.reason), ...(v.data.until ? { until: v.data.until } : {}) }
    this.update(key, (t) => ({ ...t, waivers: { ...t.waivers, [itemId]: w } }))
    return w
  }

  /** Removes the confirmation and the waiver of an item. */
  clear(key: string, itemId: string): void {
    this.update(key, (t) => {
      const { [itemId]: _c, ...confirmations } = t.confirmations
      const { [itemId]: _w, ...waivers } = t.waivers
      return { confirmations, waivers }
    })
  }

  private update(key: string, fn: (t: z.infer<typeof targetSchema>) => z.infer<typeof targetSchema>): void {
    const file = this.file.read()
    const current = file.targets[key] ?? { confirmations: {}, waivers: {} }
    this.file.write({ schemaVersion: 2, targets: { ...file.targets, [key]: fn(current) } })
  }
}

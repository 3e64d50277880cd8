import Conf from 'conf'
import { z } from 'zod'
import type { StepProgress } from '../../shared/checklist-types'
import { STEP_ID_PATTERN } from '../../shared/step'
import { join } from 'node:path'
import { moveAside, oddKindAt, refuseOddStoreFile } from './store-file'

/**
 * Which step was running, per target, so an app closed in the middle of a step reopens at that step
 * (`progress.json` next to the checklist store, mode 600, atomic writes by conf). It says WHERE the person was, never
 * what the machine's state is: that is re-derived by a live check after reconnecting.
 */
const entrySchema = z.object({
  stepId: z.string().regex(STEP_ID_PATTERN),
  action: z.enum(['apply', 'undo']),
  startedAt: z.string().refine((s) => Number.isFinite(Date.parse(s))),
  /** The app instance that started it: a step started by this very instance is running, not interrupted. */
  instance: z.string().max(64),
})
const fileSchema = z.object({ version: z.literal(1), targets: z.record(z.string(), entrySchema) })
type FileShape = z.infer<typeof fileSchema>

export class ProgressStore {
  private readonly conf: Conf<FileShape>

  constructor(dataDir: string) {
    // conf reads the file as it starts: a link (or a FIFO, which would block) is moved aside first, never followed.
    // What it held is only where the person was, which a live check re-derives.
    const file = join(dataDir, 'progress.json')
    if (oddKindAt(file)) moveAside(file)
    this.conf = new Conf<FileShape>({ cwd: dataDir, configName: 'progress', defaults: { version: 1, targets: {} }, clearInvalidConfig: false, configFileMode: 0o600 })
  }

  get path(): string {
    return this.conf.path
  }

  /** The step that was running on the target, or null (an unreadable entry counts as none). */
  current(key: string): (StepProgress & { readonly instance: string }) | null {
    // conf reads the file on every access: a link put there since the start is not followed (it counts as none).
    if (oddKindAt(this.conf.path)) return null
    const parsed = fileSchema.safeParse(this.conf.store)
    return parsed.success ? (parsed.data.targets[key] ?? null) : null
  }

  started(key: string, entry: StepProgress & { readonly instance: string }): void {
    this.write((t) => ({ ...t, [key]: entry }))
  }

  /** The step finished (or its state was re-checked live): nothing to resume. */
  clear(key: string, stepId?: string): void {
    const cur = this.current(key)
    if (!cur || (stepId !== undefined && cur.stepId !== stepId)) return
    this.write((t) => {
      const { [key]: _gone, ...rest } = t
      return rest
    })
  }

  private write(fn: (t: FileShape['targets']) => FileShape['targets']): void {
    refuseOddStoreFile(this.conf.path, 'which step was running')
    const parsed = fileSchema.safeParse(this.conf.store)
    this.conf.store = { version: 1, targets: fn(parsed.success ? parsed.data.targets : {}) }
  }
}

import Conf from 'conf'
import type { WslSetupProgress } from '../../shared/ipc-contract'
import type { CheckRecord } from '../../shared/step'
import type { TargetSpec } from '../../shared/target-spec'

/** What is kept per target. No secrets: the spec holds a key file's path, never its contents. */
export interface TargetRecord {
  readonly spec: TargetSpec
  readonly label: string
  /** The host key the user accepted (SSH only). */
  readonly hostKey?: { readonly type: string; readonly blob: string; readonly fingerprint: string }
  readonly items: Readonly<Record<string, CheckRecord>>
}

/** Proof that the app's own key logged in to a target with BatchMode (no password possible). */
export interface KeyLoginProof {
  /** ISO 8601 time of the proof. */
  readonly at: string
  /** SHA256:… of the app key that logged in. */
  readonly fingerprint: string
}

interface StoreShape {
  version: 1
  lastTarget: string | null
  targets: Record<string, TargetRecord>
  /** Per target key; absent in stores written before key setup existed. */
  keyLogins?: Record<string, KeyLoginProof>
  /** The guided WSL setup's progress (absent when none is under way). */
  setup?: WslSetupProgress
}

/**
 * The saved checklist, kept with `conf` (atomic JSON writes) in the app's data folder:
 * Electron's userData in the app, the XDG config folder in the CLI, a temp folder in tests.
 */
export class ChecklistStore {
  private readonly conf: Conf<StoreShape>

  constructor(dataDir: string) {
    this.conf = new Conf<StoreShape>({
      cwd: dataDir,
      configName: 'checklist',
      defaults: { version: 1, lastTarget: null, targets: {} },
      clearInvalidConfig: false,
    })
  }

  get path(): string {
    return this.conf.path
  }

  target(key: string): TargetRecord | undefined {
    return this.conf.get('targets')[key]
  }

  lastTargetKey(): string | null {
    return this.conf.get('lastTarget')
  }

  saveTarget(key: string, record: Omit<TargetRecord, 'items'>): void {
    const targets = this.conf.get('targets')
    targets[key] = { ...record, items: targets[key]?.items ?? {} }
    this.conf.store = { ...this.conf.store, targets, lastTarget: key }
  }

  saveResults(key: string, records: readonly CheckRecord[]): void {
    const targets = this.conf.get('targets')
    const existing = targets[key]
    if (!existing) throw new Error(`Unknown target ${key}`)
    const items = { ...existing.items }
    for (const r of records) items[r.stepId] = r
    targets[key] = { ...existing, items }
    this.conf.set('targets', targets)
  }

  /** The recorded key-login proof for a target, if any. */
  keyLogin(key: string): KeyLoginProof | undefined {
    return (this.conf.get('keyLogins') ?? {})[key]
  }

  saveKeyLogin(key: string, proof: KeyLoginProof): void {
    this.conf.set('keyLogins', { ...(this.conf.get('keyLogins') ?? {}), [key]: proof })
  }

  /** The guided WSL setup's saved progress, or null. */
  setupProgress(): WslSetupProgress | null {
    return this.conf.get('setup') ?? null
  }

  saveSetupProgress(progress: WslSetupProgress): void {
    this.conf.set('setup', progress)
  }

  clearSetupProgress(): void {
    this.conf.delete('setup')
  }
}

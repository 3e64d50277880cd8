import type { CheckStatus, TargetKind } from './step'

/**
 * The checklist's vocabulary as pure types, shared by the model (src/checklist), the services and the window.
 * src/checklist re-exports these; the renderer imports them from here (it may not import src/checklist).
 */

/** Where an item comes from. */
export type ItemSource =
  /** The "Security Checklist - Complete Verification" of the WSL2 guide (17 items). */
  | 'wsl-guide'
  /** The Proxmox VM guides (static IP, nftables, LAN isolation, service, mDNS, …). */
  | 'vm-guide'
  /** Added by this app: the catalogue has a step for it that neither list names. */
  | 'app'

/** How an item is proven. */
export type ItemCheck =
  /**
   * By catalogue steps: the item passes only when every listed step's saved check passes with the current check
   * definition. A step id not in the catalogue yet makes the item read "not set up yet", never "pass".
   */
  | {
      readonly kind: 'steps'
      readonly stepIds: readonly string[]
      /** Steps that count only on some targets (e.g. `wsl-systemd` only on WSL). Unlisted steps count everywhere. */
      readonly onlyOn?: Readonly<Record<string, readonly TargetKind[]>>
    }
  /**
   * No command can prove it (a router, a billing page, a habit): a person confirms it, with who, when and a note.
   * `renewEveryDays`: the confirmation expires (a reminder date) and the item turns "due".
   */
  | {
      readonly kind: 'manual'
      readonly prompt: string
      readonly renewEveryDays?: number
      /**
       * A check-only catalogue step whose saved result is shown beside the confirmation (router-isolation's probe). Its
       * fail fails the item even when confirmed by hand; its pass with a confirmation passes; while it has nothing to
       * probe (not applicable, never run) the item is the confirmation alone.
       */
      readonly probe?: string
    }

/** One line of the checklist, as data. */
export interface ChecklistItem {
  /** Stable id (lower-case, digits, `-`); saved confirmations and waivers refer to it. */
  readonly id: string
  readonly title: string
  /** Hardening layer of the guides (1 router … 10 supply chain); 0 = monitoring and ongoing practice. */
  readonly layer: number
  readonly source: ItemSource
  readonly targets: readonly TargetKind[]
  readonly check: ItemCheck
  /** What the item asks for in plain words (paraphrased from the guide, never quoted). */
  readonly description: string
  /**
   * A short label on how far the result can be trusted, shown with the item wherever it appears (window, reports,
   * CLI), e.g. "Self-reported by the OpenClaw account"; the description says why.
   */
  readonly caveat?: string
}

export const ITEM_ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/

/**
 * What an item reads. Never a boolean:
 * - pass / fail / error / interrupted: the saved checks of the current definition say so;
 * - stale: a saved result comes from an older check definition ("re-check needed");
 * - unknown: never checked (or, for a manual item, never confirmed);
 * - not-set-up: the catalogue has no step for it yet (never "pass");
 * - not-applicable: the item does not concern this kind of target;
 * - confirmed: a person confirmed it by hand (manual items);
 * - due: the confirmation expired (its reminder date passed);
 * - waived: accepted as is, with a reason.
 */
export type ItemStatus = 'pass' | 'fail' | 'error' | 'interrupted' | 'stale' | 'unknown' | 'not-set-up' | 'not-applicable' | 'confirmed' | 'due' | 'waived'

export const ITEM_STATUS_LABEL: Readonly<Record<ItemStatus, string>> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Error',
  interrupted: 'Interrupted',
  stale: 'Re-check needed',
  unknown: 'Unknown',
  'not-set-up': 'Not set up yet',
  'not-applicable': 'Not applicable',
  confirmed: 'Confirmed by hand',
  due: 'Due',
  waived: 'Waived',
}

/** A person's word for an item no command can check. */
export interface ManualConfirmation {
  readonly itemId: string
  /** Who confirmed (free text, e.g. the person's name). */
  readonly by: string
  /** ISO 8601. */
  readonly at: string
  readonly note: string
  /** ISO 8601 reminder date; past it the item reads "due". */
  readonly expiresAt?: string
}

/** An item accepted as it is. */
export interface Waiver {
  readonly itemId: string
  readonly reason: string
  readonly by: string
  readonly at: string
  /** ISO 8601; past it the waiver no longer applies. */
  readonly until?: string
}

/** The evidence of one step behind an item. Lines are redacted. */
export interface StepEvidence {
  readonly stepId: string
  /** 'missing' = no such step in the catalogue yet. */
  readonly status: CheckStatus | 'missing' | 'stale'
  readonly summary: string
  readonly lines: readonly string[]
  readonly checkedAt: string | null
  /** The version that produced the saved result ('' when never checked). */
  readonly checkVersion: string
  /** The catalogue's current version of the check ('' when the step does not exist). */
  readonly currentVersion: string
}

export interface ItemState {
  readonly itemId: string
  readonly status: ItemStatus
  /** One line saying why. */
  readonly summary: string
  readonly evidence: readonly StepEvidence[]
  /** Latest check time among the item's steps, or the confirmation time. */
  readonly checkedAt: string | null
  readonly confirmation?: ManualConfirmation
  readonly waiver?: Waiver
  /** For a waived item: what it would read without the waiver. */
  readonly underlying?: ItemStatus
  /** Reminder date of an expiring confirmation. */
  readonly dueAt?: string
}

/** One row of the checklist screen: the item as data and its derived state. */
export interface ChecklistEntry {
  readonly item: ChecklistItem
  readonly state: ItemState
}

/** A step that was running when the app closed (or the connection dropped): the app reopens there. */
export interface StepProgress {
  readonly stepId: string
  readonly action: 'apply' | 'undo'
  /** ISO 8601. */
  readonly startedAt: string
}

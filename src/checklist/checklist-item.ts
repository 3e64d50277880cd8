import type { TargetKind } from '../shared/step'

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
  | { readonly kind: 'manual'; readonly prompt: string; readonly renewEveryDays?: number }

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
}

export const ITEM_ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/

import { z } from 'zod'
import { DISTRO_MESSAGE, DISTRO_PATTERN, fingerprintSchema, sshTargetSchema, targetSpecSchema, type TargetSpec } from './target-spec'
import { ITEM_ID_PATTERN, type ChecklistEntry, type StepProgress } from './checklist-types'
import { STEP_ID_PATTERN, type CheckRecord, type StepView, type TargetKind } from './step'
import { inputsPayload } from './step-inputs'
import { EVENT_CHANNELS, INVOKE_CHANNELS, MAIN_INVOKE_CHANNELS, type EventChannelName, type InvokeChannelName, type MainInvokeChannelName } from './channels'
import type { AppErrorShape } from './result'

/**
 * The single IPC contract between the renderer and the main process.
 * Every invoke channel has a zod schema for its payload (checked in main before any handler runs)
 * and a result type. The renderer sends step ids and validated inputs, never command text;
 * keystrokes typed into the terminal (`terminal:input`) are the one exception.
 */

const stepId = z.string().regex(STEP_ID_PATTERN, 'Unknown step id.')
const sessionId = z.string().regex(/^[a-f0-9]{16}$/, 'Unknown terminal session.')

export const MAX_TERMINAL_INPUT = 64 * 1024

const sudoPassword = z
  .string()
  .min(1, 'Type the sudo password.')
  .max(1024, 'The password is longer than 1024 characters.')
  .refine((p) => !/[\0\r\n]/.test(p), 'The password cannot contain line breaks.')

const itemId = z.string().regex(ITEM_ID_PATTERN, 'Unknown checklist item.')
/** Free text a person types (a name, a note, a reason): one line or a few, no control characters. */
const personText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Type ${what}.`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} is longer than ${max} characters.`)
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), `${what[0]?.toUpperCase()}${what.slice(1)} contains control characters.`)
/** A waiver's end: an ISO date (YYYY-MM-DD) or date-time. */
const untilDate = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'Give the date as YYYY-MM-DD.')
  .refine((s) => Number.isFinite(Date.parse(s)), 'Not a valid date.')

export const REPORT_EXPORT_FORMATS = ['html', 'md', 'json'] as const

export const invokeSchemas = {
  'app:state': z.object({}).strict(),
  'target:connect': z.object({ target: targetSpecSchema, trustFingerprint: fingerprintSchema.optional() }).strict(),
  'target:disconnect': z.object({}).strict(),
  /** The Reconnect button after the automatic attempts gave up. */
  'target:reconnect': z.object({}).strict(),
  /** The sudo password from the masked field: checked on the machine, then kept in memory only until disconnect. */
  'target:sudo-password': z.object({ password: sudoPassword }).strict(),
  /**
   * Apply, undo or one of the step's extra actions (`meta.actions[].id`), with the step's inputs: the service checks the
   * action and validates the inputs against that step's own schema (shared/step-inputs.ts) before anything runs.
   * Non-secret inputs are saved per target; secret ones are typed at the job's prompt and never kept.
   */
  'step:run': z
    .object({
      stepId,
      action: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'Unknown action.').refine((a) => a !== 'check', 'Use checks:run to check a step.'),
      inputs: inputsPayload.optional(),
    })
    .strict(),
  'checks:run': z.object({ stepIds: z.array(stepId).max(64).optional() }).strict(),
  'terminal:input': z.object({ sessionId, data: z.string().max(MAX_TERMINAL_INPUT, 'The paste is too large (64 KiB at most).') }).strict(),
  'terminal:resize': z.object({ sessionId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) }).strict(),
  'terminal:ack': z.object({ sessionId, chars: z.number().int().min(0).max(100_000_000) }).strict(),
  'terminal:cancel': z.object({ sessionId }).strict(),
  'ssh:key-status': z.object({}).strict(),
  /** Without a target: the connected one. With one: a machine whose host key is pinned but which refused the login. */
  'ssh:key-install': z.object({ target: sshTargetSchema.optional() }).strict(),
  'ssh:key-prove': z.object({}).strict(),
  'wsl:preflight': z.object({}).strict(),
  'wsl:install': z.object({ distro: z.literal('Ubuntu-24.04') }).strict(),
  'wsl:first-user': z.object({ distro: z.string().max(64).regex(DISTRO_PATTERN, DISTRO_MESSAGE) }).strict(),
  /** A person confirms a manual checklist item (router isolation, spend cap, key rotation, …). */
  'checklist:confirm': z.object({ itemId, who: personText('your name', 80), note: personText('a note (what you checked)', 500) }).strict(),
  /** Accept an item as it is, with a reason (and optionally until a date). */
  'checklist:waive': z.object({ itemId, who: personText('your name', 80), reason: personText('a reason', 500), until: untilDate.optional() }).strict(),
  /** Remove an item's confirmation and waiver. */
  'checklist:clear': z.object({ itemId }).strict(),
  /** Export the checklist report: main asks where to save it (a save dialog) and writes it, mode 600. */
  'report:export': z.object({ format: z.enum(REPORT_EXPORT_FORMATS) }).strict(),
} as const

export type InvokeChannel = keyof typeof invokeSchemas
export type InvokePayload<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>

export type ConnectResult =
  | { readonly status: 'connected'; readonly target: TargetSummary }
  | { readonly status: 'host-key-unknown'; readonly fingerprint: string; readonly keyType: string; readonly hostLabel: string }

export interface TargetSummary {
  readonly key: string
  readonly label: string
  readonly kind: TargetSpec['kind']
  /** 'password': root actions prompt for the sudo password in the terminal. */
  readonly sudo: 'nopasswd' | 'password' | 'root'
  /** The sudo password was given in the masked field and is kept in memory for this connection. */
  readonly sudoHeld: boolean
  /** Read on the machine at connect: e.g. OpenClaw runs as the account the app logs in as (core/service/openclaw-account.ts). */
  readonly warnings?: readonly string[]
}

export type ConnectionState = 'idle' | 'connecting' | 'confirm-host-key' | 'authenticating' | 'connected' | 'lost' | 'reconnecting'

/** What the header shows about the connection. */
export interface ConnectionStatus {
  readonly state: ConnectionState
  readonly targetLabel: string | null
  /** ISO 8601 time the state was entered. */
  readonly since: string
  /** How long the state may last before the app gives up on it (null: no limit). */
  readonly timeoutMs: number | null
  /** Reconnect attempt number while reconnecting. */
  readonly attempt: number | null
  /** Lost, but the app is about to retry by itself (no Reconnect button yet). */
  readonly autoRetry: boolean
  readonly message: string
  /** What to do next. */
  readonly hint: string
}

export interface ChecklistView {
  readonly targetKey: string | null
  readonly targetLabel: string | null
  /** Per catalogue step: the saved check record (the wizard's step screens use these). */
  readonly items: readonly CheckRecord[]
  /** True while a live re-check is running. */
  readonly checking: boolean
  /** The target's kind (null when there is no target yet). */
  readonly kind?: TargetKind | null
  /** Every checklist item (src/checklist/items.ts) with its derived state, in checklist order. */
  readonly entries?: readonly ChecklistEntry[]
  /** Latest check or confirmation time over all items. */
  readonly lastCheckedAt?: string | null
  /** Steps whose latest result differs from the one before it: what changed since last time. */
  readonly changes?: readonly StepChange[]
  /** The non-secret inputs saved per step for this target (the step form starts from them). Never a secret. */
  readonly stepInputs?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/** A step whose status changed between its two latest saved results. */
export interface StepChange {
  readonly stepId: string
  readonly from: CheckRecord['status']
  readonly to: CheckRecord['status']
  /** When the earlier result was checked (ISO 8601), if known. */
  readonly since: string | null
}

/** Result of report:export. */
export interface ReportExported {
  /** False when the person cancelled the save dialog (nothing written). */
  readonly saved: boolean
  readonly path: string | null
  readonly format: (typeof REPORT_EXPORT_FORMATS)[number]
}

/** Where WSL stands on this PC, decided from wsl.exe's exit and error codes (never its translated text). */
export type WslState = 'missing' | 'virtualization-off' | 'no-distro' | 'wsl1' | 'ready'

export interface WslDistroView {
  readonly name: string
  /** As wsl.exe prints it (localised; for display only). */
  readonly state: string
  readonly version: number
  readonly isDefault: boolean
}

/** Where the guided WSL setup stands; kept in the store so a reopened app (e.g. after a reboot) continues there. */
export type WslSetupPhase = 'install-wsl' | 'install-distro' | 'reboot-pending' | 'first-user' | 'connect'

export interface WslSetupProgress {
  readonly phase: WslSetupPhase
  /** The distribution being set up (null while WSL itself is being installed). */
  readonly distro: string | null
  /** The default user found after the first-user step. */
  readonly user?: string
  readonly updatedAt: string
}

export interface WslPreflightView {
  readonly state: WslState
  /** Finer cause: 'not-found' | 'optional-component' | 'update-needed' | 'hyperv' | 'no-distro' | 'wsl1' | 'ok'. */
  readonly reason: string
  /** The decisive wsl.exe error code (last segment of "Wsl/…", or a 0x… code), if any. */
  readonly errorCode: string | null
  readonly wslVersion: string | null
  readonly kernelVersion: string | null
  readonly windowsVersion: string | null
  readonly distros: readonly WslDistroView[]
  /** What to do next, in plain words; `command` is what the app (or the person) runs. */
  readonly next: { readonly title: string; readonly text: string; readonly command: string | null }
  readonly progress: WslSetupProgress | null
}

export type WslSetupOutcome = 'installed' | 'uac-cancelled' | 'reboot-needed' | 'user-created' | 'failed'

export interface WslSetupFinished {
  readonly sessionId: string
  readonly outcome: WslSetupOutcome
  readonly message: string
  readonly hint: string
  readonly distro: string | null
}

export interface AppState {
  readonly steps: readonly StepView[]
  readonly connected: TargetSummary | null
  /** The last target used, so the connect form can be pre-filled. */
  readonly lastTarget: TargetSpec | null
  readonly checklist: ChecklistView
  readonly connection: ConnectionStatus
  /** The guided WSL setup's saved progress, if one is under way. */
  readonly setup?: WslSetupProgress | null
  /** Saved files that could not be used and were moved aside (what happened, what to do); absent or empty when all is well. */
  readonly storeProblems?: readonly AppErrorShape[]
  /** A step of the last target that was running when the app closed: the window reopens at it. */
  readonly resume?: StepProgress | null
}

export interface RunStarted {
  readonly sessionId: string
  /** The exact command line the terminal runs. */
  readonly command: string
  /** False when the job runs over the control channel (root without a prompt) and no terminal shows it. */
  readonly terminal: boolean
}

export interface InvokeResults {
  'app:state': AppState
  'target:connect': ConnectResult
  'target:disconnect': null
  'target:reconnect': null
  'target:sudo-password': TargetSummary
  'step:run': RunStarted
  'checks:run': RunStarted
  'terminal:input': null
  'terminal:resize': null
  'terminal:ack': null
  'terminal:cancel': null
  'ssh:key-status': KeyStatus
  'ssh:key-install': RunStarted
  'ssh:key-prove': KeyProveResult
  'wsl:preflight': WslPreflightView
  'wsl:install': RunStarted
  'wsl:first-user': RunStarted
  'checklist:confirm': ChecklistView
  'checklist:waive': ChecklistView
  'checklist:clear': ChecklistView
  'report:export': ReportExported
}

/** The app's own SSH key and whether it has been proven to log in to the connected SSH target. */
export interface KeyStatus {
  /** `ssh-ed25519 AAAA… openclaw-secure-setup` (public, safe to show). */
  readonly publicKey: string
  readonly fingerprint: string
  /** The connected SSH target's label, or null when none is connected (then `proven` is null). */
  readonly targetLabel: string | null
  readonly proven: { readonly at: string } | null
}

/** Result of a key-only login with BatchMode (no password possible). */
export interface KeyProveResult {
  readonly proven: boolean
  /** ISO time of the recorded proof when proven. */
  readonly at: string | null
  readonly fingerprint: string
  readonly message: string
  readonly hint: string
}

export type KeyInstallOutcome = 'installed' | 'password-refused' | 'failed'

/** Result of a key install once its terminal session has ended. */
export interface KeyFinished {
  readonly sessionId: string
  readonly outcome: KeyInstallOutcome
  /** True when a fresh BatchMode key login succeeded right after the install. */
  readonly proven: boolean
  readonly message: string
  readonly hint: string
}

/** Result of a job (apply/undo/check run) once its terminal session has ended. */
export interface RunFinished {
  readonly sessionId: string
  /** 'action': one of the step's extra actions (`meta.actions`). */
  readonly kind: 'apply' | 'undo' | 'check' | 'action'
  readonly stepIds: readonly string[]
  readonly exitCode: number
  readonly ok: boolean
  /** The connection dropped while the job ran: its steps are marked interrupted, never passed. */
  readonly interrupted: boolean
  readonly message: string
}

/** Events from main to the renderer. */
export interface EventPayloads {
  'terminal:data': { readonly sessionId: string; readonly data: string }
  'terminal:exit': { readonly sessionId: string; readonly exitCode: number }
  'run:finished': RunFinished
  'checklist:changed': ChecklistView
  'connection:state': ConnectionStatus
  'ssh:key-finished': KeyFinished
  'wsl:setup-finished': WslSetupFinished
}
export type EventChannel = keyof EventPayloads

// The channel-name lists live in the zod-free ./channels (the preload bundles them without zod).
export { INVOKE_CHANNELS, EVENT_CHANNELS, MAIN_INVOKE_CHANNELS }
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
/** Compile-time proof that ./channels lists exactly the contract's channels (a mismatch fails the type-check). */
export type ChannelListsMatchContract = Assert<SameKeys<InvokeChannelName, InvokeChannel>> & Assert<SameKeys<EventChannelName, EventChannel>>

/** The most text one Copy button sends (the longest script the app shows is under 10 KB). */
export const MAX_CLIPBOARD_TEXT = 256 * 1024

/**
 * Channels that src/main answers itself, not the services, because they need Electron's runtime (services never
 * import electron). Same rules: main checks the sender and validates the payload here; the e2e bridge provides them too.
 */
export const mainInvokeSchemas = {
  /** A Copy button: main writes the text with Electron's clipboard (the page has no clipboard permission). */
  'clipboard:write': z
    .object({
      text: z
        .string()
        .min(1, 'There is nothing to copy.')
        .max(MAX_CLIPBOARD_TEXT, `The text is longer than ${MAX_CLIPBOARD_TEXT / 1024} KiB.`)
        .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s), 'The text contains control characters (only tabs and line breaks may be copied).'),
    })
    .strict(),
  /** "Check for updates": main reads the latest release's version from the feed; nothing is downloaded. */
  'updates:check': z.object({}).strict(),
} as const
export type MainInvokeChannel = keyof typeof mainInvokeSchemas
export type MainInvokePayload<C extends MainInvokeChannel> = z.input<(typeof mainInvokeSchemas)[C]>
/** What "check for updates" found (docs/updates.md). */
export interface UpdateCheck {
  /** this build's version */
  readonly current: string
  /** the latest release's version */
  readonly latest: string
  readonly newer: boolean
  /** the release's page on github.com, for the system browser; never a download */
  readonly url: string
  /** 'auto': this signed build offers the download itself at its next start; 'notify': the person updates by hand */
  readonly mode: 'auto' | 'notify'
}
export interface MainInvokeResults {
  'clipboard:write': null
  'updates:check': UpdateCheck
}
/** Compile-time proof that ./channels lists exactly the main-handled channels. */
export type MainChannelListMatchesContract = Assert<SameKeys<MainInvokeChannelName, MainInvokeChannel>>

/** The API the preload exposes as `window.api`. The renderer reaches the main process only through this. */
export interface PreloadApi {
  invoke<C extends MainInvokeChannel>(channel: C, payload: MainInvokePayload<C>): Promise<import('./result').Envelope<MainInvokeResults[C]>>
  invoke<C extends InvokeChannel>(channel: C, payload: InvokePayload<C>): Promise<import('./result').Envelope<InvokeResults[C]>>
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

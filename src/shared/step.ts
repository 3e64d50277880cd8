/** Shared vocabulary of the step catalogue. Pure types and constants: no imports from the app. */

export type TargetKind = 'ssh' | 'wsl'

export type StepAction = 'apply' | 'undo'

/**
 * Status of one checklist item. `unknown` = never checked; `error` = the check itself could not run;
 * `interrupted` = the connection dropped while the step or its check was running (never read as passed);
 * `not-applicable` = the machine, read by the check, matches the person's own saved answer that the item does not
 * concern them (channel-allowlist: "I use no chat channel" and no channel configured); never counted as a pass.
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'interrupted' | 'not-applicable' | 'unknown'

export const STEP_ID_PATTERN = /^[a-z][a-z0-9-]{1,47}$/

export interface StepMeta {
  readonly id: string
  /** Hardening layer number in the guides (1 = router isolation, 2 = UFW, …). */
  readonly layer: number
  readonly title: string
  /** Why the step matters, in plain language. */
  readonly rationale: string
  /** More of "why it matters" under the rationale, as data: short paragraphs, lists and tables (e.g. a preset table). */
  readonly why?: readonly StepWhySection[]
  /** Shown before Run; e.g. lock-out risks. */
  readonly warnings: readonly string[]
  readonly targets: readonly TargetKind[]
  /** What the check looks at, for a human verifying by hand. */
  readonly checkDescription: string
  /**
   * Who the step's scripts act as. The job always starts as root (the launcher verifies the copies); an 'openclaw'
   * step then does its OpenClaw work as the OpenClaw account (lib/openclaw.sh `ocss_oc`), never as root. Default 'root'.
   * A 'windows' step runs nothing on the target: its apply, check and undo run on the Windows side, in the app's own
   * process as the Windows user (core/windows/windows-steps.ts), and its `scripts` describe the Windows commands.
   */
  readonly actor?: StepActor
  /** What the person gives the step (a Telegram id, a mirror URL, a bot token …): rendered as a form, validated twice. */
  readonly inputs?: readonly StepInput[]
  /** What must pass first; the wizard shows it and the service refuses to apply before it does. */
  readonly requires?: readonly StepRequirement[]
  /** What happens besides the script's own changes, as data (core/service/step-effects.ts runs the service-side ones). */
  readonly effects?: readonly StepEffect[]
  /** Extra actions besides apply and undo (e.g. gateway-token's "rotate"); each is a script `<id>.sh` in the folder. */
  readonly actions?: readonly StepExtraAction[]
  /**
   * A probe, not a change: apply and undo change nothing on the machine (apply only saves the inputs, then the check
   * runs). `apply --all` skips such a step while none of its inputs is given or saved, instead of stopping there.
   */
  readonly checkOnly?: boolean
}

export type StepActor = 'root' | 'openclaw' | 'windows'

/** One part of a step's "why it matters": a heading with paragraphs, a list and/or a table (plain text cells). */
export interface StepWhySection {
  readonly title: string
  readonly paragraphs?: readonly string[]
  readonly bullets?: readonly string[]
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
}

/**
 * How an input is validated and shown. 'secret' values (tokens) are never saved and never staged in a file: the job
 * asks for them in its terminal with echo off (lib/secret.sh `ocss_read_secret`), and the app types them there.
 * 'secret-url' is a secret that is an https address (a ping URL: whoever has it can use it): handled like 'secret', and
 * the service keeps only its SHA-256 (hex) per target, saved as the input <NAME>_SHA256 and given to every item of the
 * step as OCSS_IN_<NAME>_SHA256, so a check can compare what the machine holds with what the person typed.
 */
export type StepInputKind = 'text' | 'choice' | 'choice-list' | 'port' | 'url' | 'telegram-ids' | 'ipv4-cidr' | 'ipv4' | 'ipv4-list' | 'unix-user' | 'file-path' | 'secret' | 'secret-url'

export interface StepInput {
  /** Upper-case name; the scripts see it as OCSS_IN_<NAME>. */
  readonly name: string
  readonly label: string
  /** One or two sentences under the field. */
  readonly help: string
  readonly kind: StepInputKind
  readonly required: boolean
  /** Used when the person leaves the field empty (never for secrets). */
  readonly default?: string
  /** For kind 'choice' (one of them) and 'choice-list' (one or more, separated by commas or spaces). */
  readonly choices?: readonly { readonly value: string; readonly label: string }[]
  /** Shown under "Advanced" (company mirrors, offline installs). */
  readonly advanced?: boolean
  /** Required only while another input has this value (e.g. the Telegram ids while the channel is "telegram"). */
  readonly requiredWhen?: { readonly name: string; readonly value: string }
}

export const INPUT_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/

export interface StepRequirement {
  /** A step whose saved check must read pass first. */
  readonly step: string
  /** Only on these target kinds (default: every kind the step supports). */
  readonly on?: readonly TargetKind[]
  /** Shown when it is missing: "OpenClaw must be installed first." */
  readonly why: string
  /** Only when the step's input `input` (as resolved for the run, saved or default) is one of `values`. */
  readonly when?: { readonly input: string; readonly values: readonly string[] }
}

/**
 * 'restart-gateway' / 'recreate-sandbox': done by the script (lib/openclaw.sh) after a write that changed something.
 * 'restart-wsl-distro': the service terminates the WSL distribution after apply/undo and reconnects.
 * 'ssh-lockout-guard': the service refuses before the key login is proven and proves a fresh one while the job runs.
 */
export type StepEffect = 'restart-gateway' | 'recreate-sandbox' | 'restart-wsl-distro' | 'ssh-lockout-guard'

export interface StepExtraAction {
  /** Lower-case id; the script is `<id>.sh` and the job action is this id. */
  readonly id: string
  readonly label: string
  readonly description: string
}

/** A step as the renderer sees it: metadata plus the exact script text that will run. */
export interface StepView extends StepMeta {
  readonly scripts: { readonly apply: string; readonly check: string; readonly undo: string }
  /** The script of each extra action (`meta.actions`), by id, shown before its button is pressed. */
  readonly actionScripts?: Readonly<Record<string, string>>
  /** The command line the terminal runs for a job, shown before Run. */
  readonly runsAs: string
}

export interface CheckRecord {
  readonly stepId: string
  readonly status: CheckStatus
  /** One line for the checklist. */
  readonly summary: string
  /** Lines of real command output that justify the status. */
  readonly evidence: readonly string[]
  /** ISO 8601 time of the check, or null if never checked. */
  readonly checkedAt: string | null
  /** Hash of the step's check definition; a changed step reads as stale. */
  readonly checkVersion: string
}

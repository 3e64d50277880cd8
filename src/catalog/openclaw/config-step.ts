import type { CatalogStep, CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections, withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import type { StepEffect, StepMeta, StepRequirement, TargetKind } from '../../shared/step'
import { keyValue, parseOpenClawFacts, showValue, type OpenClawFacts } from './facts'
import { OPENCLAW_KEYS, isOpenClawKey, type OpenClawKeyName } from './keys'
import templateSource from './config-step.ts?raw'
import factsSource from './facts.ts?raw'

/** What a step adds to the generic verdict: problems (each makes the check fail) and evidence lines. */
export interface VerifyResult {
  readonly problems: readonly string[]
  readonly evidence?: readonly string[]
}

export interface OpenClawConfigStepOptions {
  readonly id: string
  readonly layer: number
  readonly title: string
  readonly rationale: string
  readonly warnings: readonly string[]
  readonly targets: readonly TargetKind[]
  /** Added to the generated check description (e.g. what `verify` looks at besides the keys). */
  readonly checkDescription?: string
  /** Default: OpenClaw installed and onboarded (the `openclaw-onboard` step). */
  readonly requires?: readonly StepRequirement[]
  /** The keys and the values the step writes; every key must be in OPENCLAW_KEYS and pass its value schema. */
  readonly set: Readonly<Partial<Record<OpenClawKeyName, unknown>>>
  /**
   * The text of the step's own step.ts (`import source from './step.ts?raw'`): with the template's and the facts parser's
   * text it is the step's evaluatorSource, so editing any of them marks old results "re-check needed".
   */
  readonly source: string
  /** Keys judged by a rule instead of equality with the value set (e.g. "non-empty, loopback only"): true = fine. */
  readonly accept?: Readonly<Partial<Record<OpenClawKeyName, (value: unknown) => boolean>>>
  /** Observable state beyond the keys (listeners, modes …), judged from the same facts read. */
  readonly verify?: (facts: OpenClawFacts) => VerifyResult
  /** Shown in the summary when everything holds. */
  readonly passSummary?: string
}

const GENERATED = new WeakSet<CatalogStep>()

/** True for a step made by openclawConfigStep(): its scripts are generated, its folder holds no .sh files. */
export function isGeneratedStep(step: CatalogStep): boolean {
  return GENERATED.has(step)
}

export const ONBOARDED: StepRequirement = { step: 'openclaw-onboard', why: 'OpenClaw must be installed and onboarded first.' }

/** A nested patch from dotted keys: `{ 'a.b': 1 }` → `{ a: { b: 1 } }`. */
export function nestedPatch(set: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(set)) {
    const parts = key.split('.')
    let o = out
    parts.slice(0, -1).forEach((p) => (o = (o[p] ??= {}) as Record<string, unknown>))
    o[parts[parts.length - 1] ?? key] = value
  }
  return out
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i])))
}

function validate(o: OpenClawConfigStepOptions): [OpenClawKeyName, unknown][] {
  const entries = Object.entries(o.set) as [string, unknown][]
  if (entries.length === 0) throw new Error(`${o.id}: set names no key`)
  return entries.map(([key, value]) => {
    if (!isOpenClawKey(key)) throw new Error(`${o.id}: "${key}" is not in OPENCLAW_KEYS (src/catalog/openclaw/keys.ts)`)
    const spec = OPENCLAW_KEYS[key]
    if (spec.secret) throw new Error(`${o.id}: "${key}" is a secret; a config step never writes one (use ocss_oc_secret_set and a SecretRef)`)
    const r = spec.value.safeParse(value)
    if (!r.success) throw new Error(`${o.id}: ${key}=${JSON.stringify(value)} does not fit the key's value schema`)
    return [key, value]
  })
}

function shellLines(entries: readonly [string, unknown][]): string {
  return entries.map(([k, v]) => `#   ${k} = ${JSON.stringify(v)}`).join('\n')
}

/** The three scripts, as text (the "What will run" tab shows exactly these). */
export function configScripts(id: string, entries: readonly [string, unknown][], effects: readonly StepEffect[]): CatalogStep['scripts'] {
  const patch = JSON.stringify(nestedPatch(Object.fromEntries(entries)))
  const restart = effects.includes('restart-gateway') ? "  ocss_oc_restart_gateway 'Restarting the gateway so that it runs with this setting'\n" : ''
  const ifChanged = (body: string) => (body ? `if [ "\${OCSS_OC_CHANGED:-0}" = 1 ]; then\n${body}fi\n` : '')
  const after = ifChanged(`${restart}  ocss_oc_audit\n`)
  // Undo restores an earlier state and does not audit it (about 10 s saved per undo): the audit item then reads
  // "changed since the last audit" until the next re-check pass or verify, which both run the deep audit.
  const afterUndo = ifChanged(restart)
  const apply =
    `#!/bin/bash\n# Sets in OpenClaw's config, as the OpenClaw account (lib/openclaw.sh; a write only when something differs):\n${shellLines(entries)}\n` +
    `# @include prelude.sh\n# @include openclaw.sh\nocss_oc_patch ${id} <<'OCSS_PATCH'\n${patch}\nOCSS_PATCH\n${after}`
  const check =
    `#!/bin/bash\n# Reads OpenClaw's config and state folder as root (files only; no openclaw process) for the evaluator, which judges:\n${shellLines(entries)}\n` +
    `export LC_ALL=C\n# @include openclaw.sh\nocss_oc_facts\n`
  const undo = `#!/bin/bash\n# Puts back the earlier values of the keys this step set (a key changed by hand since is kept).\n# @include prelude.sh\n# @include openclaw.sh\nocss_oc_undo ${id}\n${afterUndo}`
  return { apply: withIncludes(apply, OPENCLAW_LIBS), check: withIncludes(check, OPENCLAW_LIBS), undo: withIncludes(undo, OPENCLAW_LIBS) }
}

/** The verdict on facts that cannot be judged (no account, no OpenClaw, an unreadable config), or null. */
export function factsError(facts: OpenClawFacts): CheckVerdict | null {
  const a = facts.account
  if (a.state === 'unread') return { status: 'error', summary: 'The check printed nothing usable.', evidence: ['no oc-account section'] }
  if (a.state === 'invalid') return { status: 'error', summary: 'The OpenClaw account name is not valid. Set it in the "OpenClaw account" step, then re-check.', evidence: ['oc-account: invalid'] }
  if (a.state === 'missing') return { status: 'error', summary: `There is no account "${a.user}" on the machine. Apply the "OpenClaw account" step, then re-check.`, evidence: [`getent passwd ${a.user}: not found`] }
  if (!facts.version) return { status: 'error', summary: `OpenClaw is not installed for ${a.user}. Apply the "Install OpenClaw" step, then re-check.`, evidence: [`no openclaw package on ${a.user}'s PATH`] }
  const c = facts.config
  if (c.state === 'symlink') return { status: 'fail', summary: '~/.openclaw/openclaw.json is a symlink; OpenClaw\'s audit flags this (fs.config.symlink). Replace it with the file itself.', evidence: ['openclaw.json: symlink'] }
  if (c.state === 'too-large') return { status: 'error', summary: `~/.openclaw/openclaw.json is ${c.bytes} bytes, more than the 1 MiB the check reads.`, evidence: [`openclaw.json: ${c.bytes} bytes`] }
  if (c.state === 'invalid') return { status: 'error', summary: `OpenClaw's config does not parse (${c.error}). Run "openclaw config validate" as the OpenClaw account.`, evidence: [`openclaw.json: ${c.error}`] }
  if (c.state === 'unread' && c.reason === 'no-python3') return { status: 'error', summary: 'OpenClaw\'s config could not be read: the check reads it with /usr/bin/python3, which this machine lacks. Install python3 (apt-get install python3), then re-check.', evidence: ['openclaw.json: not read (no /usr/bin/python3)'] }
  if (c.state === 'not-a-file' || c.state === 'unread') return { status: 'error', summary: 'OpenClaw\'s config could not be read.', evidence: [`openclaw.json: ${c.state}`] }
  return null
}

/** The generic evaluator: the keys at their values (file, else the schema default), then the step's own rules. */
export function configEvaluator(entries: readonly [string, unknown][], o: Pick<OpenClawConfigStepOptions, 'verify' | 'passSummary' | 'accept'>): (o: CheckOutput) => CheckVerdict {
  const { verify, passSummary, accept } = o
  return (output) => {
    const facts = parseOpenClawFacts(parseSections(output.stdout))
    const err = factsError(facts)
    if (err) return err
    const a = facts.account as { readonly user: string }
    const head = `OpenClaw ${facts.version ?? '?'} for ${a.user}; openclaw.json ${facts.config.state === 'ok' ? 'read' : facts.config.state}`
    const evidence = [head]
    const problems: string[] = []
    for (const [key, want] of entries) {
      const kv = keyValue(facts, key)
      const shown = showValue(key, kv)
      evidence.push(`${key} = ${shown}${kv.set ? ' (in openclaw.json)' : ''}`)
      const rule = accept?.[key as OpenClawKeyName]
      if (rule ? !rule(kv.value) : !equal(kv.value, want)) problems.push(`${key} is ${shown}, not ${JSON.stringify(want)}`)
    }
    const extra = verify?.(facts)
    evidence.push(...(extra?.evidence ?? []))
    problems.push(...(extra?.problems ?? []))
    if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`, evidence }
    return { status: 'pass', summary: passSummary ?? `${entries.map(([k, v]) => `${k} is ${JSON.stringify(v)}`).join('; ')}.`, evidence }
  }
}

/**
 * A step that is a few OpenClaw config keys (ComplianceAsCode's template idea): generates apply.sh / check.sh /
 * undo.sh as text and the evaluator from `set` plus optional `verify` rules.
 * - Apply (as the account): schema check of the keys for the installed version, undo record, dry run, write (skipped
 *   when nothing differs), validate, modes; then the keys' effects (restart the gateway only when something changed
 *   and the unit is active) and OpenClaw's deep audit.
 * - Check: one facts read, as root, files only.
 * - Undo: the earlier values of exactly these keys, unless changed by hand since.
 */
export function openclawConfigStep(o: OpenClawConfigStepOptions): CatalogStep {
  const entries = validate(o)
  const effects = [...new Set(entries.flatMap(([k]) => OPENCLAW_KEYS[k as OpenClawKeyName].effects))]
  const meta: StepMeta = {
    id: o.id,
    layer: o.layer,
    title: o.title,
    rationale: o.rationale,
    warnings: o.warnings,
    targets: o.targets,
    checkDescription:
      `Reads ~/.openclaw/openclaw.json of the OpenClaw account as root (JSON5; an unset key counts as OpenClaw's default) and wants ${entries.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}.` +
      (o.checkDescription ? ` ${o.checkDescription}` : ''),
    actor: 'openclaw',
    requires: o.requires ?? [ONBOARDED],
    effects,
  }
  const evaluatorSource = [templateSource, factsSource, o.source].join('\n')
  const step: CatalogStep = { meta, scripts: configScripts(o.id, entries, effects), evaluate: configEvaluator(entries, o), evaluatorSource }
  GENERATED.add(step)
  return step
}

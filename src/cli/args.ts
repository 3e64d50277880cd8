import { parseArgs } from 'node:util'
import { REPORT_FORMATS, type ReportFormat } from '../checklist/report/report-model'
import { INPUT_NAME_PATTERN, STEP_ID_PATTERN } from '../shared/step'
import { fingerprintSchema, parseSshUrl, validateTarget, wslTargetSchema, type TargetSpec } from '../shared/target-spec'

export const USAGE = `Usage:
  openclaw-secure-setup verify --target ssh://USER@HOST[:PORT] [--identity FILE] [--host-key SHA256:FP]
                               [--sudo-password-stdin] [--json]
  openclaw-secure-setup verify --target wsl:DISTRO[?user=NAME] [--json]
  openclaw-secure-setup status [--json]
  openclaw-secure-setup report --format html|md|json --out FILE
  openclaw-secure-setup apply STEP... | --all  --target ... [--input NAME=VALUE]... [--inputs FILE.json] [--sudo-password-stdin]
  openclaw-secure-setup undo STEP              --target ... [--sudo-password-stdin]
  openclaw-secure-setup run STEP ACTION        --target ... [--input NAME=VALUE]... [--inputs FILE.json] [--sudo-password-stdin]

verify  runs every check of the catalogue on the target, prints each item with its evidence and saves the result.
status  prints the saved result without connecting.
report  writes the saved checklist (every item, its state and redacted evidence) to FILE (mode 600) without connecting.
apply   applies the steps in the order given (--all: every step of the target's kind, in wizard order), each followed by
        its check, and stops at the first that fails. undo undoes one step; run runs one of a step's own actions
        (e.g. run gateway-token rotate). Same guards, requirements and checks as the window; the job's terminal output
        goes to stderr.

Exit codes: verify/status: 0 every item passes; 1 an item fails; 2 usage or connection error.
apply/undo/run: 0 every step ran and (after apply or an action) its check passes; 1 a step ran but failed or its check
does not pass (later steps were not run); 2 usage, connection error, or refused before anything ran (bad input, a
requirement not met, the lock-out guard).
Inputs: --input NAME=VALUE (repeatable) and --inputs FILE.json (an object of NAME: "value"; --input wins) go to every
step of the run that declares NAME; non-secret inputs are saved per target and reused.
stdin (one rule): read once at start, as lines: first the sudo password when --sudo-password-stdin is given, then one
NAME=value line per secret input. A secret is never taken from an argument or from --inputs FILE. On a terminal, the
password and each secret input are asked for without echo instead.
The sudo password is never accepted as an argument. Data folder: $OCSS_DATA_DIR, else the per-user config folder.
Without --identity, the app's own key (<data folder>/ssh/id_ed25519, made by the app's Key login) is used if it exists.`

export type Command =
  | { readonly name: 'verify'; readonly target: TargetSpec; readonly hostKey?: string; readonly sudoPasswordStdin: boolean; readonly json: boolean }
  | { readonly name: 'status'; readonly json: boolean }
  | { readonly name: 'report'; readonly format: ReportFormat; readonly out: string }
  | { readonly name: 'help' }
  | {
      readonly name: 'change'
      readonly verb: 'apply' | 'undo' | 'run'
      readonly target: TargetSpec
      readonly hostKey?: string
      readonly sudoPasswordStdin: boolean
      /** apply: the steps in order (empty with --all); undo/run: exactly one. */
      readonly steps: readonly string[]
      readonly all: boolean
      /** run: the step's extra action. */
      readonly action?: string
      /** --input NAME=VALUE, in order (later wins). */
      readonly inputs: Readonly<Record<string, string>>
      readonly inputsFile?: string
    }

export type ParsedArgs = { ok: true; command: Command } | { ok: false; message: string }

function parseTarget(text: string, identity: string | undefined): { ok: true; value: TargetSpec } | { ok: false; message: string } {
  if (text.startsWith('ssh://')) return parseSshUrl(text, identity)
  const wsl = /^wsl:(?:\/\/)?([^?]*)(?:\?user=(.*))?$/.exec(text)
  if (wsl) {
    if (identity !== undefined) return { ok: false, message: '--identity applies to ssh:// targets only.' }
    return validateTarget(wslTargetSchema, { kind: 'wsl', distro: wsl[1] ?? '', ...(wsl[2] !== undefined ? { user: wsl[2] } : {}) })
  }
  return { ok: false, message: 'The target must look like ssh://USER@HOST[:PORT] or wsl:DISTRO.' }
}

export function parseCli(argv: readonly string[]): ParsedArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: 'string' },
        identity: { type: 'string' },
        'host-key': { type: 'string' },
        'sudo-password-stdin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        input: { type: 'string', multiple: true },
        inputs: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err)
    return { ok: false, message: /sudo-password|password/i.test(text) ? 'The sudo password is never taken as an argument; use --sudo-password-stdin or type it when asked.' : text }
  }
  const { values, positionals } = parsed
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { ok: true, command: { name: 'help' } }
  const name = positionals[0]
  if (name === 'apply' || name === 'undo' || name === 'run') return parseChange(name, positionals.slice(1), values)
  if (values.all || values.input || values.inputs) return { ok: false, message: '--all, --input and --inputs belong to apply, undo and run.' }
  // Not echoed: a stray argument may be a password typed in the wrong place.
  if (positionals.length > 1) return { ok: false, message: 'Unexpected extra argument; it is not shown.' }
  if (name === 'report') {
    if (values.target || values.identity || values['host-key'] || values['sudo-password-stdin'] || values.json) return { ok: false, message: 'report takes only --format and --out; it never connects.' }
    const format = values.format
    if (!format || !(REPORT_FORMATS as readonly string[]).includes(format)) return { ok: false, message: `report needs --format ${REPORT_FORMATS.join('|')}.` }
    const out = values.out
    if (!out || out.trim() === '') return { ok: false, message: 'report needs --out FILE (the file to write).' }
    if (/[\u0000-\u001f]/.test(out)) return { ok: false, message: '--out contains control characters.' }
    return { ok: true, command: { name: 'report', format: format as ReportFormat, out } }
  }
  if (values.format || values.out) return { ok: false, message: '--format and --out belong to the report command.' }
  if (name === 'status') {
    if (values.target || values.identity || values['host-key'] || values['sudo-password-stdin']) return { ok: false, message: 'status takes only --json; it never connects.' }
    return { ok: true, command: { name: 'status', json: values.json } }
  }
  if (name !== 'verify') return { ok: false, message: `Unknown command "${name}". Use verify, status or report.` }
  if (!values.target) return { ok: false, message: 'verify needs --target ssh://USER@HOST[:PORT].' }
  const target = parseTarget(values.target, values.identity)
  if (!target.ok) return { ok: false, message: target.message }
  const hostKey = values['host-key']
  if (hostKey !== undefined) {
    if (target.value.kind !== 'ssh') return { ok: false, message: '--host-key applies to ssh:// targets only.' }
    const fp = fingerprintSchema.safeParse(hostKey)
    if (!fp.success) return { ok: false, message: `--host-key: ${fp.error.issues[0]?.message ?? 'invalid fingerprint'}` }
  }
  return { ok: true, command: { name: 'verify', target: target.value, ...(hostKey ? { hostKey } : {}), sudoPasswordStdin: values['sudo-password-stdin'], json: values.json } }
}

interface ChangeValues {
  readonly target?: string
  readonly identity?: string
  readonly 'host-key'?: string
  readonly 'sudo-password-stdin'?: boolean
  readonly json?: boolean
  readonly all?: boolean
  readonly input?: string[]
  readonly inputs?: string
  readonly format?: string
  readonly out?: string
}

/** apply STEP… | --all, undo STEP, run STEP ACTION: the target options of verify, plus the steps and their inputs. */
function parseChange(verb: 'apply' | 'undo' | 'run', rest: readonly string[], values: ChangeValues): ParsedArgs {
  if (values.format || values.out || values.json) return { ok: false, message: `${verb} takes no --format, --out or --json.` }
  const all = values.all === true
  if (all && verb !== 'apply') return { ok: false, message: '--all belongs to apply.' }
  let steps: string[] = [...rest]
  let action: string | undefined
  if (verb === 'run') {
    if (rest.length !== 2) return { ok: false, message: 'run needs a step and one of its actions: run STEP ACTION (e.g. run gateway-token rotate).' }
    steps = [rest[0] ?? '']
    action = rest[1] ?? ''
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(action) || ['apply', 'undo', 'check'].includes(action)) return { ok: false, message: 'The action must be one of the step\'s own actions (lower-case letters, digits and "-"); use apply or undo for those.' }
  }
  if (verb === 'undo' && steps.length !== 1) return { ok: false, message: 'undo takes exactly one step.' }
  if (verb === 'apply' && all === (steps.length > 0)) return { ok: false, message: all ? 'Give either --all or step ids, not both.' : 'apply needs step ids (in the order to run them) or --all.' }
  // Not echoed: a stray argument may be a secret typed in the wrong place.
  if (steps.some((s) => !STEP_ID_PATTERN.test(s))) return { ok: false, message: 'A step id must be lower-case letters, digits and "-" (see the window or docs/ for the ids); the argument is not shown.' }
  if (verb === 'undo' && (values.input || values.inputs)) return { ok: false, message: 'undo takes no inputs.' }
  const inputs: Record<string, string> = {}
  for (const pair of values.input ?? []) {
    const eq = pair.indexOf('=')
    const key = eq < 0 ? pair : pair.slice(0, eq)
    if (eq < 0 || !INPUT_NAME_PATTERN.test(key)) return { ok: false, message: '--input wants NAME=VALUE with an upper-case NAME (letters, digits, "_"); the argument is not shown.' }
    inputs[key] = pair.slice(eq + 1)
  }
  if (values.inputs !== undefined && (values.inputs.trim() === '' || /[\u0000-\u001f]/.test(values.inputs))) return { ok: false, message: '--inputs wants the path of a JSON file.' }
  if (!values.target) return { ok: false, message: `${verb} needs --target ssh://USER@HOST[:PORT] or wsl:DISTRO.` }
  const target = parseTarget(values.target, values.identity)
  if (!target.ok) return { ok: false, message: target.message }
  const hostKey = values['host-key']
  if (hostKey !== undefined) {
    if (target.value.kind !== 'ssh') return { ok: false, message: '--host-key applies to ssh:// targets only.' }
    const fp = fingerprintSchema.safeParse(hostKey)
    if (!fp.success) return { ok: false, message: `--host-key: ${fp.error.issues[0]?.message ?? 'invalid fingerprint'}` }
  }
  return {
    ok: true,
    command: {
      name: 'change',
      verb,
      target: target.value,
      ...(hostKey ? { hostKey } : {}),
      sudoPasswordStdin: values['sudo-password-stdin'] === true,
      steps,
      all,
      ...(action !== undefined ? { action } : {}),
      inputs,
      ...(values.inputs !== undefined ? { inputsFile: values.inputs } : {}),
    },
  }
}

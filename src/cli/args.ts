import { parseArgs } from 'node:util'
import { REPORT_FORMATS, type ReportFormat } from '../checklist/report/report-model'
import { fingerprintSchema, parseSshUrl, validateTarget, wslTargetSchema, type TargetSpec } from '../shared/target-spec'

export const USAGE = `Usage:
  openclaw-secure-setup verify --target ssh://USER@HOST[:PORT] [--identity FILE] [--host-key SHA256:FP]
                               [--sudo-password-stdin] [--json]
  openclaw-secure-setup verify --target wsl:DISTRO[?user=NAME] [--json]
  openclaw-secure-setup status [--json]
  openclaw-secure-setup report --format html|md|json --out FILE

verify  runs every check of the catalogue on the target, prints each item with its evidence and saves the result.
status  prints the saved result without connecting.
report  writes the saved checklist (every item, its state and redacted evidence) to FILE (mode 600) without connecting.

Exit codes: 0 every item passes; 1 an item fails; 2 usage or connection error.
The sudo password is prompted without echo, or read from the first line of stdin with --sudo-password-stdin.
It is never accepted as an argument. Data folder: $OCSS_DATA_DIR, else the per-user config folder.
Without --identity, the app's own key (<data folder>/ssh/id_ed25519, made by the app's Key login) is used if it exists.`

export type Command =
  | { readonly name: 'verify'; readonly target: TargetSpec; readonly hostKey?: string; readonly sudoPasswordStdin: boolean; readonly json: boolean }
  | { readonly name: 'status'; readonly json: boolean }
  | { readonly name: 'report'; readonly format: ReportFormat; readonly out: string }
  | { readonly name: 'help' }

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
  // Not echoed: a stray argument may be a password typed in the wrong place.
  if (positionals.length > 1) return { ok: false, message: 'Unexpected extra argument; it is not shown.' }
  const name = positionals[0]
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

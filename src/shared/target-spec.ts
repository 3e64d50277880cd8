import { z } from 'zod'

/**
 * What the user may name as a target, validated before anything is spawned.
 * Every value here ends up in an argument vector (never in shell text), but ssh and wsl.exe
 * still parse their own options, so a value must never look like an option or carry control characters.
 */

const MAX_HOST = 253

/** A POSIX-ish login name: what useradd accepts by default on Debian/Ubuntu. */
export const USER_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/
/** One DNS label. */
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/
/**
 * WSL distribution names: Unicode letters and digits (combining marks after the first), ".", "_", "-" and single
 * inner spaces, 64 characters at most. Starts with a letter or digit (never "-": wsl.exe would read an option), never
 * ends with a space; no quotes, shell metacharacters or control characters. The name only ever goes into an argv.
 */
export const DISTRO_PATTERN = /^(?=.{1,64}$)[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}._-]| (?=[\p{L}\p{N}\p{M}._-]))*$/u
export const DISTRO_MESSAGE = 'The distribution name may contain letters, digits, ".", "_", "-" and single spaces between them, must start with a letter or digit, and be at most 64 characters.'
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/

export function hostProblem(host: string): string | null {
  if (host.length === 0) return 'The host is empty.'
  if (host.length > MAX_HOST) return `The host is longer than ${MAX_HOST} characters.`
  if (host.startsWith('-')) return 'The host must not start with "-" (it would be read as an ssh option).'
  if (/[\s\0-\x1f\x7f]/.test(host)) return 'The host contains spaces or control characters.'
  if (IPV4.test(host)) return null
  if (host.includes(':')) {
    return IPV6.test(host) && host.split(':').length >= 3 ? null : 'The host is not a valid IPv6 address.'
  }
  const labels = host.split('.')
  if (labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '')) return null
  return 'The host must be a DNS name (letters, digits, "-" and ".") or an IP address; characters such as ; $ ` | & @ are not allowed.'
}

export function userProblem(user: string): string | null {
  if (user.length === 0) return 'The user name is empty.'
  if (user.startsWith('-')) return 'The user name must not start with "-".'
  if (!USER_PATTERN.test(user)) {
    return 'The user name may contain only lower-case letters, digits, "_" and "-", start with a letter or "_", and be at most 32 characters.'
  }
  return null
}

export function portProblem(port: number): string | null {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? null : 'The port must be a whole number from 1 to 65535.'
}

export function pathProblem(path: string): string | null {
  if (path.length === 0) return 'The path is empty.'
  if (path.length > 4096) return 'The path is too long.'
  if (path.startsWith('-')) return 'The path must not start with "-".'
  if (path.includes('${')) return 'The path must not contain "${": ssh would replace it with an environment variable. Move the key to a folder without it.'
  if (/[\0-\x1f\x7f]/.test(path)) return 'The path contains control characters.'
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path) && !path.startsWith('~')) return 'Give the full path of the key file.'
  return null
}

function refineWith(check: (v: string) => string | null) {
  return (v: string, ctx: z.RefinementCtx) => {
    const problem = check(v)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }
}

export const sshTargetSchema = z
  .object({
    kind: z.literal('ssh'),
    user: z.string().max(64).superRefine(refineWith(userProblem)),
    host: z.string().max(300).superRefine(refineWith(hostProblem)),
    port: z.number().superRefine((p, ctx) => {
      const problem = portProblem(p)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
    identityFile: z.string().max(4200).superRefine(refineWith(pathProblem)).optional(),
  })
  .strict()

export const wslTargetSchema = z
  .object({
    kind: z.literal('wsl'),
    distro: z
      .string()
      .max(64)
      .regex(DISTRO_PATTERN, DISTRO_MESSAGE),
    user: z.string().max(64).superRefine(refineWith(userProblem)).optional(),
  })
  .strict()

export const targetSpecSchema = z.discriminatedUnion('kind', [sshTargetSchema, wslTargetSchema])

export type SshTargetSpec = z.infer<typeof sshTargetSchema>
export type WslTargetSpec = z.infer<typeof wslTargetSchema>
export type TargetSpec = z.infer<typeof targetSpecSchema>

export const fingerprintSchema = z.string().regex(FINGERPRINT_PATTERN, 'A host key fingerprint looks like SHA256: followed by 43 characters.')

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * Parses `ssh://USER@HOST[:PORT]` (IPv6 hosts in brackets). Returns a clear message for anything else.
 */
export function parseSshUrl(url: string, identityFile?: string): ParseResult<SshTargetSpec> {
  if (url.length > 400) return { ok: false, message: 'The target is too long.' }
  const m = /^ssh:\/\/([^@/]*)@(\[[^\]]*\]|[^:/]*)(?::([^/]*))?\/?$/.exec(url)
  if (!m) return { ok: false, message: 'The target must look like ssh://USER@HOST or ssh://USER@HOST:PORT.' }
  const user = m[1] ?? ''
  const host = (m[2] ?? '').replace(/^\[(.*)\]$/, '$1')
  const portText = m[3]
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) {
    return { ok: false, message: 'The port must be a whole number from 1 to 65535.' }
  }
  const candidate = { kind: 'ssh' as const, user, host, port: portText === undefined ? 22 : Number(portText), ...(identityFile === undefined ? {} : { identityFile }) }
  return validateTarget(sshTargetSchema, candidate)
}

export function validateTarget<S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.infer<S>> {
  const r = schema.safeParse(value)
  if (r.success) return { ok: true, value: r.data }
  const first = r.error.issues[0]
  return { ok: false, message: first ? `${first.path.join('.') || 'target'}: ${first.message}` : 'Invalid target.' }
}

/** A stable key for a target, used by the store. Contains no secrets. */
export function targetKey(spec: TargetSpec): string {
  return spec.kind === 'ssh' ? `ssh://${spec.user}@${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}` : `wsl://${spec.distro}${spec.user ? `?user=${spec.user}` : ''}`
}

/** The name a target is shown by (Target.label, the connection's state, messages). Contains no secrets. */
export function targetLabel(spec: TargetSpec): string {
  if (spec.kind === 'wsl') return `WSL ${spec.distro}${spec.user ? ` (${spec.user})` : ''}`
  return `${spec.user}@${spec.host}${spec.port === 22 ? '' : `:${spec.port}`}`
}

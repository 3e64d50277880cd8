import { z } from 'zod'
import { INPUT_NAME_PATTERN, type StepInput } from './step'

/**
 * Step inputs as data: one zod schema per step, built from its `meta.inputs`, used by the renderer (inline validation)
 * and by the service (which never trusts the renderer), and by the CLI. Values are strings, as the scripts get them
 * (`OCSS_IN_<NAME>`).
 */

/** At most this many inputs in one request, and this many characters in one value (a secret's limit). */
export const MAX_INPUTS = 32
export const MAX_INPUT_CHARS = 4096

const CONTROL = /[\u0000-\u001f\u007f]/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/
const TELEGRAM_ID = /^[1-9]\d{0,19}$/
const MAX_TELEGRAM_IDS = 50
/** At most this many addresses in an 'ipv4-list' (each one is probed on several ports at once). */
export const MAX_IPV4_LIST = 8

/** The longest value each kind accepts (checked first, so a huge paste is refused before anything else). */
const MAX_CHARS: Readonly<Record<StepInput['kind'], number>> = {
  text: 512,
  choice: 200,
  'choice-list': 1024,
  port: 5,
  url: 2048,
  'telegram-ids': 50 * 21,
  'ipv4-cidr': 18,
  ipv4: 15,
  'ipv4-list': MAX_IPV4_LIST * 16 + 32,
  'unix-user': 32,
  'file-path': 1024,
  secret: MAX_INPUT_CHARS,
  'secret-url': 2048,
}

/** Kinds whose values are never saved or staged: typed at the job's prompt (lib/secret.sh), then forgotten. */
export function isSecretKind(kind: StepInput['kind']): boolean {
  return kind === 'secret' || kind === 'secret-url'
}

/** The saved input that holds the SHA-256 of a 'secret-url' input (the only thing the app keeps of it). */
export function secretUrlHashName(name: string): string {
  return `${name}_SHA256`
}

export const SHA256_HEX = /^[0-9a-f]{64}$/

/** Why `value` is not a valid `input`, or null when it is. `value` is non-empty. */
export function inputProblem(input: StepInput, value: string): string | null {
  const label = input.label
  const max = MAX_CHARS[input.kind]
  if (value.length > max) return `${label} is longer than ${max} characters.`
  switch (input.kind) {
    case 'port': {
      if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) return `${label} must be a port number from 1 to 65535.`
      return null
    }
    case 'url': {
      if (CONTROL.test(value) || /\s/.test(value)) return `${label} must be one address without spaces or line breaks.`
      let url: URL
      try {
        url = new URL(value)
      } catch {
        return `${label} is not a valid address (it should look like https://host/path).`
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${label} must start with http:// or https://.`
      if (url.username !== '' || url.password !== '') return `${label} must not contain a user name or password; the app never keeps credentials in an address.`
      return null
    }
    case 'secret-url': {
      // Never echoes the value back: it works like a password. https only (the URL travels encrypted), one line, no
      // quote or backslash (it is written into a curl config file on the target as url = "…").
      if (CONTROL.test(value) || /\s/.test(value)) return `${label} must be one address without spaces or line breaks.`
      if (/["\\]/.test(value)) return `${label} must not contain quotes or backslashes.`
      let url: URL
      try {
        url = new URL(value)
      } catch {
        return `${label} is not a valid address (it should look like https://hc-ping.com/your-uuid).`
      }
      if (url.protocol !== 'https:' || !value.toLowerCase().startsWith('https://')) return `${label} must start with https:// (the address is a secret, so it only travels encrypted).`
      if (url.username !== '' || url.password !== '') return `${label} must not contain a user name or password.`
      if (url.hostname === '') return `${label} must name a host.`
      return null
    }
    case 'telegram-ids': {
      const ids = value.split(/[\s,]+/).filter((s) => s !== '')
      if (ids.length === 0) return `${label} needs at least one Telegram user id.`
      if (ids.length > MAX_TELEGRAM_IDS) return `${label} lists ${ids.length} ids; at most ${MAX_TELEGRAM_IDS} are allowed.`
      const bad = ids.find((id) => !TELEGRAM_ID.test(id))
      if (bad !== undefined) return `${label}: every id must be a positive whole number (separate them with commas or spaces).`
      return null
    }
    case 'ipv4':
      return IPV4.test(value) ? null : `${label} must be an IPv4 address such as 192.168.1.10.`
    case 'ipv4-list': {
      const addrs = value.split(/[\s,]+/).filter((s) => s !== '')
      if (addrs.length === 0) return `${label} needs at least one IPv4 address such as 192.168.1.10.`
      const bad = addrs.find((a) => !IPV4.test(a))
      if (bad !== undefined) return `${label}: ${JSON.stringify(bad.slice(0, 40))} is not an IPv4 address such as 192.168.1.10 (separate the addresses with commas or spaces).`
      const unique = new Set(addrs)
      if (unique.size > MAX_IPV4_LIST) return `${label} lists ${unique.size} addresses; at most ${MAX_IPV4_LIST} are allowed.`
      const own = addrs.find((a) => /^(0|127|22[4-9]|2[3-5]\d)\./.test(a))
      if (own !== undefined) return `${label}: ${own} is ${own.startsWith('127.') ? 'this machine\'s own loopback address' : own.startsWith('0.') ? 'not a device address' : 'a multicast or reserved address'}, not a device on your network.`
      return null
    }
    case 'ipv4-cidr': {
      const [addr, bits, extra] = value.split('/')
      if (extra !== undefined || addr === undefined || bits === undefined || !IPV4.test(addr) || !/^(3[0-2]|[12]?\d)$/.test(bits)) return `${label} must be an IPv4 network such as 192.168.1.0/24.`
      return null
    }
    case 'unix-user':
      return UNIX_USER.test(value) ? null : `${label} must be a Linux user name: lower-case letters, digits, "_" or "-", starting with a letter or "_", at most 32 characters.`
    case 'file-path':
      // A file on the target: absolute, one line, no "." or ".." parts (the script checks it again and that it is a regular file).
      if (CONTROL.test(value) || !value.startsWith('/') || value.endsWith('/')) return `${label} must be the absolute path of a file on the machine, such as /home/me/openclaw-sandbox.tar.`
      if (value.split('/').some((part) => part === '.' || part === '..')) return `${label} must not contain "." or ".." parts.`
      return null
    case 'choice':
      return (input.choices ?? []).some((c) => c.value === value) ? null : `${label} must be one of: ${(input.choices ?? []).map((c) => c.value).join(', ')}.`
    case 'choice-list': {
      const items = value.split(/[\s,]+/).filter((s) => s !== '')
      const allowed = (input.choices ?? []).map((c) => c.value)
      if (items.length === 0) return `${label} needs at least one of: ${allowed.join(', ')}.`
      const bad = items.filter((s) => !allowed.includes(s))
      if (bad.length > 0) return `${label}: ${bad.map((b) => JSON.stringify(b.slice(0, 40))).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not allowed; choose from: ${allowed.join(', ')}.`
      return null
    }
    case 'text':
    case 'secret':
      return CONTROL.test(value) ? `${label} must be one line without control characters.` : null
  }
}

/** A value as the scripts get it: telegram ids, choice lists and IPv4 lists as one comma-separated list (no repeats in a choice or IPv4 list); everything else as typed. */
export function normaliseInput(input: StepInput, value: string): string {
  const items = value.split(/[\s,]+/).filter((s) => s !== '')
  if (input.kind === 'telegram-ids') return items.join(',')
  if (input.kind === 'choice-list' || input.kind === 'ipv4-list') return [...new Set(items)].join(',')
  return value
}

export interface InputSchemaOptions {
  /**
   * Enforce `required` (apply). Undo, checks and extra actions validate what is given but need nothing: a secret an
   * extra action needs and nobody gave is asked for in the job's terminal.
   */
  readonly requireAll?: boolean
}

/**
 * A strict zod object for a step's inputs: every value is validated by its kind with a message naming the field, an
 * unknown name is refused, an empty value is left out (or becomes the default; never for secrets), and a required input
 * without a value is refused when `requireAll` is set (the default).
 */
export function inputSchema(inputs: readonly StepInput[], opts: InputSchemaOptions = {}): z.ZodType<Record<string, string>, Record<string, string | undefined>> {
  const requireAll = opts.requireAll ?? true
  const shape: Record<string, z.ZodType<string | undefined, string | undefined>> = {}
  for (const input of inputs) {
    shape[input.name] = z
      .string({ error: `${input.label} must be text.` })
      .max(MAX_INPUT_CHARS, `${input.label} is longer than ${MAX_INPUT_CHARS} characters.`)
      .optional()
      .transform((raw, ctx) => {
        const secret = isSecretKind(input.kind)
        const value = raw === undefined || raw.trim() === '' ? (secret ? '' : (input.default ?? '')) : secret ? raw : raw.trim()
        if (value === '') {
          if (requireAll && input.required) ctx.addIssue({ code: 'custom', message: `${input.label} is required.` })
          return undefined
        }
        const problem = inputProblem(input, value)
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem })
          return z.NEVER
        }
        return normaliseInput(input, value)
      })
  }
  return z
    .strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'The step has no input of that name.' : 'The inputs must be a list of NAME: value pairs.') })
    .transform((o) => Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)))
    .superRefine((o, ctx) => {
      if (!requireAll) return
      for (const input of inputs) {
        const when = input.requiredWhen
        if (!when || o[when.name] !== when.value || o[input.name] !== undefined) continue
        const other = inputs.find((i) => i.name === when.name)
        const shown = other?.choices?.find((c) => c.value === when.value)?.label ?? when.value
        ctx.addIssue({ code: 'custom', path: [input.name], message: `${input.label} is required when ${other?.label ?? when.name} is "${shown}".` })
      }
    })
}

/** The wire shape of inputs (ipc `step:run`): bounded names and values; each step's schema then judges them. */
export const inputsPayload = z
  .record(z.string().regex(INPUT_NAME_PATTERN, 'An input name must be upper-case letters, digits and "_".'), z.string().max(MAX_INPUT_CHARS, `An input is longer than ${MAX_INPUT_CHARS} characters.`))
  .refine((o) => Object.keys(o).length <= MAX_INPUTS, `At most ${MAX_INPUTS} inputs.`)

/** Only the inputs that may be kept and staged (every kind but secret). */
export function plainInputs(inputs: readonly StepInput[], values: Readonly<Record<string, string>>): Record<string, string> {
  const plain = new Set(inputs.filter((i) => !isSecretKind(i.kind)).map((i) => i.name))
  return Object.fromEntries(Object.entries(values).filter(([name]) => plain.has(name)))
}

/** Only the secret inputs (typed at the job's prompt, never saved). */
export function secretInputs(inputs: readonly StepInput[], values: Readonly<Record<string, string>>): Record<string, string> {
  const secret = new Set(inputs.filter((i) => isSecretKind(i.kind)).map((i) => i.name))
  return Object.fromEntries(Object.entries(values).filter(([name]) => secret.has(name)))
}

/** The first problem of a failed parse, as "Label: message" for one line. */
export function firstInputIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'The inputs are not valid.'
  const name = issue.path.map(String).join('.')
  if (issue.code === 'unrecognized_keys') return `The step has no input named ${issue.keys.join(', ')}.`
  return name && !issue.message.includes(' ') ? `${name}: ${issue.message}` : issue.message
}

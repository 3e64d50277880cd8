import { randomBytes } from 'node:crypto'

/**
 * How scripts and their parameters reach a target without ever being pasted into shell text.
 *
 * The remote side runs a fixed bootstrap (BOOTSTRAP, below) with one argument, a random marker.
 * Standin then carries, line by line:
 *   [sudo password]            only when sudo reads it (sudo -S consumes exactly one line)
 *   <marker>                   proves the previous line, if any, was consumed by sudo
 *   NAME=<base64 value>        zero or more parameters, exported as OCSS_NAME
 *   <empty line>
 *   <script>                   read by `bash -s`
 * If sudo did not consume the password line, the marker check fails and nothing runs (exit 98),
 * so a password can never be executed or echoed as a command.
 */
export const BOOTSTRAP =
  'IFS= read -r l || exit 98; [ "$l" = "$0" ] || exit 98; ' +
  'while IFS= read -r l && [ -n "$l" ]; do export "OCSS_${l%%=*}=$(printf %s "${l#*=}" | base64 -d)" || exit 98; done; ' +
  'exec bash -s'

export const PARAM_NAME = /^[A-Z][A-Z0-9_]{0,63}$/
/** Keeps each exported value under Linux's 128 KiB per-string limit for execve. */
export const MAX_PARAM_BYTES = 96 * 1024

export function newMarker(): string {
  return `OCSS-BEGIN-${randomBytes(12).toString('hex')}`
}

export function encodeParams(params: Readonly<Record<string, string>>): string {
  let out = ''
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) throw new Error(`Invalid parameter name: ${name}`)
    if (Buffer.byteLength(value) > MAX_PARAM_BYTES) throw new Error(`Parameter ${name} is too large.`)
    out += `${name}=${Buffer.from(value, 'utf8').toString('base64')}\n`
  }
  return out
}

/** Builds the stdin stream for the bootstrap. The password, if given, is only ever in this buffer. */
export function buildStdin(opts: { marker: string; script: string; params?: Readonly<Record<string, string>>; sudoPassword?: string; bootstrapLine?: boolean }): Buffer {
  const pieces: string[] = []
  if (opts.bootstrapLine) pieces.push(`${BOOTSTRAP.replace('"$0"', `"${opts.marker}"`)}\n`)
  if (opts.sudoPassword !== undefined) {
    if (/[\r\n]/.test(opts.sudoPassword)) throw new Error('The sudo password must be a single line.')
    pieces.push(`${opts.sudoPassword}\n`)
  }
  pieces.push(`${opts.marker}\n`, encodeParams(opts.params ?? {}), '\n', opts.script.endsWith('\n') ? opts.script : `${opts.script}\n`)
  return Buffer.from(pieces.join(''), 'utf8')
}

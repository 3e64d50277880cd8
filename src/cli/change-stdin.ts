import { INPUT_NAME_PATTERN } from '../shared/step'
import { promptHidden } from './read-password'

/** What apply/undo/run read from stdin (the one stdin rule, docs/cli.md). */
export interface ChangeStdin {
  readonly password?: string
  /** Secret inputs by name. */
  readonly secrets: Readonly<Record<string, string>>
}

const MAX_STDIN = 256 * 1024

/** All of stdin (it is read once, at start), bounded. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      text += chunk
      if (text.length > MAX_STDIN) reject(new Error('stdin is larger than 256 KiB; give the sudo password and NAME=value lines only.'))
    })
    stream.on('end', () => resolve(text))
    stream.on('error', reject)
  })
}

/**
 * The stdin rule of apply/undo/run: stdin is read once at start, as lines. First the sudo password when
 * --sudo-password-stdin is given, then one `NAME=value` line per secret input (`secretNames`: the secret inputs of
 * the steps this run applies). A name that is not one of them is refused (never echoed with its value). On a terminal,
 * the password and each secret input are asked for without echo instead.
 */
export async function readChangeStdin(opts: { readonly password: boolean; readonly secretNames: readonly string[] }, stdin: NodeJS.ReadStream = process.stdin): Promise<ChangeStdin> {
  if (!opts.password && opts.secretNames.length === 0) return { secrets: {} }
  if (stdin.isTTY) {
    const password = opts.password ? await promptHidden('[sudo] password: ', stdin) : undefined
    const secrets: Record<string, string> = {}
    for (const name of opts.secretNames) {
      const value = await promptHidden(`${name} (secret, not shown; empty to skip): `, stdin)
      if (value !== '') secrets[name] = value
    }
    return { ...(password !== undefined ? { password } : {}), secrets }
  }
  const lines = (await readAll(stdin)).split('\n').map((l) => l.replace(/\r$/, ''))
  if (lines[lines.length - 1] === '') lines.pop()
  const password = opts.password ? lines.shift() : undefined
  if (opts.password && password === undefined) throw new Error('--sudo-password-stdin was given, but stdin is empty: write the password as its first line.')
  const secrets: Record<string, string> = {}
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const name = eq < 0 ? '' : line.slice(0, eq)
    const where = `line ${i + (opts.password ? 2 : 1)} of stdin`
    if (!INPUT_NAME_PATTERN.test(name)) throw new Error(`${where} is not NAME=value (its text is not shown).`)
    if (!opts.secretNames.includes(name)) throw new Error(`${where} names ${name}, which is not a secret input of the steps in this run${opts.secretNames.length ? ` (${opts.secretNames.join(', ')})` : ''}. Give other inputs with --input.`)
    secrets[name] = line.slice(eq + 1)
  }
  return { ...(password !== undefined ? { password } : {}), secrets }
}

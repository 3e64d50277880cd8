import { existsSync, readFileSync } from 'node:fs'
import { parseSections } from '../../catalog/catalog-step'
import { AppError } from '../app-error'
import guardScript from './sudo-guard.sh?raw'
import type { Target } from './target'

/** The key types sshd knows in authorized_keys (plain, security-key and certificate forms). */
const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(-cert-v01@openssh\.com)?$/

export interface AuthorizedKey {
  /** Option names in lower case, each with its value as written (`command="…"`), in order. */
  readonly options: readonly { readonly name: string; readonly text: string }[]
  readonly type: string
  readonly blob: string
}

/** Splits `text` at `sep` characters outside double quotes (a backslash escapes a quote inside them, as sshd reads it). */
function splitOutsideQuotes(text: string, isSep: (c: string) => boolean, once: boolean): string[] {
  const parts: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (quoted && c === '\\') i++
    else if (c === '"') quoted = !quoted
    else if (!quoted && isSep(c)) {
      parts.push(text.slice(start, i))
      start = i + 1
      if (once) break
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** One authorized_keys line (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"), or null for comments, blanks and lines sshd cannot read. */
export function parseAuthorizedKey(line: string): AuthorizedKey | null {
  const t = line.trim()
  if (t === '' || t.startsWith('#')) return null
  let optionText = ''
  let rest = t
  if (!KEY_TYPE.test(t.split(/\s+/)[0] ?? '')) {
    const [opts, after] = splitOutsideQuotes(t, (c) => /\s/.test(c), true)
    optionText = opts ?? ''
    rest = (after ?? '').trim()
  }
  const [type, blob] = rest.split(/\s+/)
  if (!type || !blob || !KEY_TYPE.test(type)) return null
  const options = optionText === '' ? [] : splitOutsideQuotes(optionText, (c) => c === ',', false).map((text) => ({ name: (text.split('=')[0] ?? '').toLowerCase(), text }))
  return { options, type, blob }
}

/** The base64 blob of a public key file (`type blob comment`), or null when there is none or it cannot be read. */
export function publicKeyBlob(identityFile: string | null): string | null {
  if (!identityFile) return null
  const pub = `${identityFile}.pub`
  if (!existsSync(pub)) return null
  try {
    const [type, blob] = readFileSync(pub, 'utf8').trim().split(/\s+/)
    return type && blob && KEY_TYPE.test(type) ? blob : null
  } catch {
    return null
  }
}

/** Options that make sshd run or feed something else than the app's command. */
const DANGEROUS = new Map([
  ['command', 'a forced command: sshd runs that program instead of the app\'s command, and it reads everything the app sends, the sudo password first'],
  ['environment', 'environment=: it sets variables (BASH_ENV, LD_PRELOAD, PATH …) in every session of this key, which can run code that reads the password'],
])

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

/**
 * What the guard script found that lets the login account read the session's stdin before sudo (pure, for tests).
 * `blob`: the public key in use; its authorized_keys lines are judged, or every line when it is unknown or not listed.
 */
export function sessionFindings(stdout: string, blob: string | null): string[] {
  const sections = parseSections(stdout)
  const entries: { where: string; line: string; key: AuthorizedKey | null }[] = []
  let file = ''
  let n = 0
  for (const raw of sections.get('authorized-keys') ?? []) {
    if (raw.startsWith('file ')) {
      file = raw.slice(5)
      n = 0
    } else if (raw.startsWith('line ')) {
      n++
      const line = raw.slice(5)
      if (line.trim() !== '' && !line.trim().startsWith('#')) entries.push({ where: `${file}:${n}`, line, key: parseAuthorizedKey(line) })
    }
  }
  const own = blob ? entries.filter((e) => e.key?.blob === blob) : []
  const judged = own.length > 0 ? own : entries
  const which = own.length > 0 ? 'the authorized_keys line of the key in use' : blob ? 'an authorized_keys line (the key in use is not listed, so every line counts)' : 'an authorized_keys line (the app cannot tell which key logs in, so every line counts)'
  const findings: string[] = []
  for (const e of judged) {
    if (!e.key) {
      if (/(^|,)\s*(command|environment)\s*=/i.test(e.line)) findings.push(`${which} (${e.where}) looks like it sets a command or environment= and cannot be read safely: ${short(e.line)}`)
      continue
    }
    for (const o of e.key.options) {
      const why = DANGEROUS.get(o.name)
      if (why) findings.push(`${which} (${e.where}) has ${short(o.text)}, ${why}`)
    }
  }
  if (sections.get('rc')?.[0]?.trim() === 'present') {
    // no-user-rc (or restrict without user-rc) on every line in question keeps sshd from running it.
    const blocked = own.length > 0 && own.every((e) => e.key?.options.some((o) => o.name === 'no-user-rc' || o.name === 'restrict') && !e.key.options.some((o) => o.name === 'user-rc'))
    if (!blocked) findings.push('~/.ssh/rc exists: sshd runs it at every login of this account, before the app\'s command, with the session\'s input')
  }
  const pue = (sections.get('permit-user-environment')?.[0] ?? 'no').trim().toLowerCase()
  if (sections.get('environment')?.[0]?.trim() === 'present' && pue !== 'no') {
    findings.push(`~/.ssh/environment exists and sshd has PermitUserEnvironment ${pue}: it sets variables (BASH_ENV, LD_PRELOAD …) in every session of this account`)
  }
  return findings
}

/**
 * Refuses to send a sudo password to a session that the login account can read it from (security review M1): a forced
 * command or environment= on the key's authorized_keys line, ~/.ssh/rc, ~/.ssh/environment with PermitUserEnvironment.
 * Runs over the user control channel as the login account, so it is advisory: that account could hide all of it.
 */
export async function checkSudoSession(target: Pick<Target, 'exec' | 'label'>, identityFile: string | null): Promise<void> {
  const r = await target.exec(guardScript, { timeoutMs: 30_000 })
  if (r.exitCode !== 0 || !r.stdout.includes('### permit-user-environment')) {
    throw new AppError('FORBIDDEN', `Could not check the SSH set-up of ${target.label} before sending the sudo password (exit code ${r.exitCode}); the password was not sent.`, 'Check that the login account has a working shell and readable ~/.ssh, then try again.')
  }
  const findings = sessionFindings(r.stdout, publicKeyBlob(identityFile))
  if (findings.length === 0) return
  throw new AppError(
    'FORBIDDEN',
    `The sudo password was not sent to ${target.label}: the login account's SSH set-up can read it before sudo does. Found: ${findings.join('; ')}.`,
    'Whoever controls that account (an agent running as it, say) could capture the password this way. On the machine\'s console, remove what was found (the option from the authorized_keys line, or the file) unless you put it there yourself for a reason, then connect again. Better still, do root work from an account OpenClaw does not run as.',
  )
}

import { visibleControls } from './visible-controls'

/**
 * Removes secrets from command output before it is saved, shown or exported, and makes terminal control characters
 * visible (visible-controls.ts). Errs on the side of hiding: a hash or a long random-looking word may be hidden too,
 * and everything after a secret key (`password = …`) is hidden to the end of the line or the closing quote.
 * Pure; works on text and on lists of lines (a private key block and a YAML value on the next line span lines).
 *
 * Every rule runs in linear time whatever the input (bounded quantifiers, and a scanner instead of a regex for
 * `key = value`): the input can come from the monitored account, and a backtracking rule would freeze the app.
 * Record creation still cuts each line to LINE_BOUND before redacting (record-text.ts).
 */
export const REDACTED = '[REDACTED]'

const KEY_MARKER = `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`
const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g
const KEY_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g

/** Words that make the value next to them a secret (the "word + long value" rule). */
const SECRET_WORD = '(?:token|secret|passw(?:or)?d|passphrase|api[_-]?key|apikey|private[_-]?key|client[_-]?secret|auth[_-]?key|access[_-]?key|bearer|cookie|session[_-]?key|credential)'

/** A key naming a secret wherever the word sits in it (`OPENCLAW_GATEWAY_TOKEN`, `gateway.auth.token`, `botToken`). */
const STRONG_KEY = /token|secret|passw|passphrase|api[_-]?key|private[_-]?key|auth[_-]?key|access[_-]?key|session[_-]?key|bearer|cookie|credential/i
/** Short words that name a secret only as the key's last part (`SMTP_PASS`, `MYSQL_PWD`, `pw`, `auth`; not `gateway.auth.mode`). */
const WEAK_LAST = new Set(['pass', 'pwd', 'pw', 'pswd', 'auth'])

function isSecretKey(key: string): boolean {
  if (STRONG_KEY.test(key)) return true
  const parts = key.split(/[_.\s-]+/).filter(Boolean)
  let last = parts.pop() ?? ''
  const camel = /[a-z]/.test(last) ? /[A-Z][a-z0-9]*$/.exec(last) : null // dbPass → Pass
  if (camel) last = camel[0]
  // `gateway.loopback_no_auth` (an OpenClaw check id) names a missing secret, not one.
  return WEAK_LAST.has(last.toLowerCase()) && !(!camel && /^(?:no|without|missing)$/i.test(parts.pop() ?? ''))
}

/** A command-line flag whose next word is a secret: `--password x`, `--api-key x`, `-storepass x`, `--pw x`. */
const SECRET_FLAG = /^--?(?:[A-Za-z0-9_-]{0,40}?(?:token|secret|passw(?:or)?d|passphrase|pass|api[_-]?key|private[_-]?key|credentials?|cookie)|(?:[A-Za-z0-9]+[-_])*(?:pwd|pw|auth))$/i

const NOT_A_VALUE_HEAD = /[-_](?:file|stdin|path|dir|env|command|cmd)\W{0,3}$/i

type Rule = { readonly re: RegExp; readonly replace: (...m: string[]) => string }

const RULES_BEFORE_PAIRS: readonly Rule[] = [
  // HTTP auth headers: Authorization: Bearer x / Basic x, and a bare "Bearer x".
  { re: /\b(Authorization|Proxy-Authorization)(\s{0,8}[:=]\s{0,8})(?:(Bearer|Basic|Token)\s{1,8})?("?)[^\s"']+/gi, replace: (_m, name, sep, scheme, q) => `${name}${sep}${scheme ? `${scheme} ` : ''}${q}${REDACTED}` },
  { re: /\bBearer\s{1,8}[A-Za-z0-9._~+/=-]{6,}/g, replace: () => `Bearer ${REDACTED}` },
  // URL credentials: scheme://user:password@host, the user may be empty; the password runs to the LAST '@' of the
  // URL (it may hold '@' or '/'), so a query with an '@' in it is hidden too (hiding errs on the safe side).
  { re: /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/?#"'<>]{0,256}:)[^\s?#"'<>]{0,512}@/gi, replace: (_m, head) => `${head}${REDACTED}@` },
  // Flags: `--password hunter2`, `--token "a b"` (not `--token-file x`, not a next word that is itself a flag).
  {
    re: /(?<![^\s"'(])(--?[A-Za-z][A-Za-z0-9_-]{0,40})(\s{1,8})("[^"]*(?:"|$)|'[^']*(?:'|$)|(?!-)\S+)/g,
    replace: (m, flag, space, value) => (SECRET_FLAG.test(flag) ? `${flag}${space}${quoted(value)}` : m),
  },
  // `mysql -phunter2` (the password glued to -p) and `sshpass -p hunter2`.
  { re: /\b(mysql|mariadb|mysqldump|mysqladmin|mariadb-dump|mariadb-admin)\b([^\n|;&]{0,200}?\s-p)(?=[^\s])("[^"]*(?:"|$)|'[^']*(?:'|$)|\S+)/g, replace: (_m, cmd, mid, value) => `${cmd}${mid}${quoted(value)}` },
  { re: /\b(sshpass(?:\s{1,8}-[a-oq-zA-Z]){0,4}\s{1,8}-p)(\s{0,8})("[^"]*(?:"|$)|'[^']*(?:'|$)|\S+)/g, replace: (_m, head, space, value) => `${head}${space}${quoted(value)}` },
]

const RULES_AFTER_PAIRS: readonly Rule[] = [
  // A secret word followed by a long random-looking value: `--token abcd…`, `token abcd…`.
  // Not a path, nor the word in a name such as `--token-file x` or `--password-stdin`.
  {
    re: new RegExp(`(${SECRET_WORD}[A-Za-z0-9_-]{0,32}\\W{1,3})([A-Za-z0-9+\\/_=.-]{16,})`, 'gi'),
    replace: (m, head, value) => (NOT_A_VALUE_HEAD.test(head) || value.startsWith('/') ? m : `${head}${REDACTED}`),
  },
  // Well-known token shapes, wherever they appear.
  { re: /\b(?:sk|rk|pk)-(?:[a-z]{1,20}-)?[A-Za-z0-9_-]{16,}/g, replace: () => REDACTED }, // OpenAI / Anthropic style
  { re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, replace: () => REDACTED }, // Stripe
  { re: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: () => REDACTED }, // GitHub
  { re: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: () => REDACTED }, // GitHub fine-grained
  { re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED }, // Slack
  { re: /\b\d{6,12}:[A-Za-z0-9_-]{30,}/g, replace: () => REDACTED }, // Telegram bot token
  { re: /\bAKIA[0-9A-Z]{16}\b/g, replace: () => REDACTED }, // AWS access key id
  { re: /\bAIza[0-9A-Za-z_-]{35}/g, replace: () => REDACTED }, // Google API key
  { re: /\bGOCSPX-[A-Za-z0-9_-]{20,}/g, replace: () => REDACTED }, // Google OAuth client secret
  { re: /\bhf_[A-Za-z0-9]{30,}/g, replace: () => REDACTED }, // Hugging Face
  { re: /\beyJ[A-Za-z0-9_-]{8,512}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED }, // JWT
  // Discord bot token: base64 user id . 6-7 . 27+ (random-looking, so host names with dots stay).
  { re: /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, replace: (m) => (looksRandom(m.replace(/\./g, '')) ? REDACTED : m) },
  // Any long random-looking run (hex or base64, letters and digits mixed): a bare 64-hex gateway token, say.
  // Paths (with '/') count only when they look like base64 (upper, lower and digits); SSH fingerprints (SHA256:…) stay.
  { re: /(?<![A-Za-z0-9+/_-])(?<!SHA256:)[A-Za-z0-9+/_-]{40,}={0,2}/g, replace: (m) => (looksRandom(m) ? REDACTED : m) },
]

function quoted(value: string): string {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : ''
  return q && value.length > 1 && value.endsWith(q) ? `${q}${REDACTED}${q}` : `${q}${REDACTED}`
}

function looksRandom(run: string): boolean {
  const mixed = /[0-9]/.test(run) && /[A-Za-z]/.test(run)
  if (!run.includes('/')) return mixed
  return mixed && /[A-Z]/.test(run) && /[a-z]/.test(run) && !run.startsWith('/') && !run.includes('//')
}

function applyRules(line: string, rules: readonly Rule[]): string {
  let out = line
  // A function replacer: `$'` and friends in the input are never interpreted.
  for (const rule of rules) out = out.replace(rule.re, (...args: unknown[]) => rule.replace(...args.map((a) => (typeof a === 'string' ? a : ''))))
  return out
}

const SEPARATORS = new Set([':', '=', '\uff1a', '\uff1d']) // and the full-width ： ＝
const isKeyChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_.-]/.test(c)
const isBlank = (c: string | undefined) => c === ' ' || c === '\t'

/** Index of the quote that closes the one at `open`, honouring backslash escapes in double quotes; -1 if none. */
function closingQuote(line: string, open: number): number {
  const q = line[open]
  for (let i = open + 1; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++
    else if (line[i] === q) return i
  }
  return -1
}

/**
 * `KEY=value` and `key: value` where the key names a secret (env files, `config get`, YAML, JSON, JSON5, INI): the
 * value is hidden to its closing quote, or to the end of the line when unquoted (so spaces, ';', ',' and '}' in it
 * do not leak the rest). A scanner, not a regex: each separator looks back at most 74 characters, and a hidden value
 * is skipped, so the work is linear in the line. `open` says the line ends in a secret key with no value yet (YAML
 * `token:` with the value on the next line, or a block scalar `token: |`).
 */
function redactPairs(line: string): { text: string; open: false | 'value' | 'block' } {
  let out = ''
  let from = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? ''
    if (!SEPARATORS.has(c)) continue
    let j = i
    while (j > from && i - j < 8 && isBlank(line[j - 1])) j--
    const q = line[j - 1] === '"' || line[j - 1] === "'" ? line[j - 1] : ''
    if (q) j--
    let k = j
    while (k > from && j - k < 64 && isKeyChar(line[k - 1])) k--
    if (k === j || (q && line[k - 1] !== q) || !isSecretKey(line.slice(k, j))) continue
    let v = i + 1
    if (line[v] === '=' && c !== '=') v++ // `:=`
    while (v < line.length && isBlank(line[v])) v++
    const first = line[v]
    if (first === undefined) return { text: out + line.slice(from), open: c === ':' || c === '\uff1a' ? 'value' : false }
    if (first === '{' || first === '[') continue // an object or a list: its own keys are looked at one by one
    if (line.length - v <= 16 && /^[|>][-+0-9]{0,3}[ \t]*$/.test(line.slice(v))) return { text: out + line.slice(from), open: 'block' } // YAML `token: |`
    if (first === '"' || first === "'") {
      const end = closingQuote(line, v)
      if (end < 0) return { text: `${out}${line.slice(from, v + 1)}${REDACTED}`, open: false } // no closing quote: to the end
      out += `${line.slice(from, v + 1)}${REDACTED}`
      from = end
      i = end
      continue
    }
    return { text: `${out}${line.slice(from, v)}${REDACTED}`, open: false }
  }
  return { text: out + line.slice(from), open: false }
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)?.[0].length ?? 0
const YAML_MAPPING = /^[ \t]*(?:- )?["']?[A-Za-z0-9_.-]{1,64}["']?[ \t]*:(?:[ \t]|$)/

/** Redacts evidence lines; the lines of a private key block (BEGIN … END) are replaced as a whole. */
export function redactLines(lines: readonly string[]): string[] {
  return redactLineList(lines.map((l) => visibleControls(l)))
}

/** Redacts one text (may span lines; newlines and tabs are kept, other control characters made visible). */
export function redact(text: string): string {
  return redactLineList(visibleControls(text, true).split('\n')).join('\n')
}

function redactLineList(lines: readonly string[]): string[] {
  const out: string[] = []
  let inKey = false
  // A secret key whose value is on the following, more indented lines (YAML): its indent, and whether it is a block scalar.
  let pending: { indent: number; block: boolean; seen: boolean } | null = null
  for (const raw of lines) {
    let line = raw
    if (inKey) {
      KEY_END.lastIndex = 0
      const end = KEY_END.exec(line)
      if (!end) continue
      inKey = false
      line = line.slice(end.index + end[0].length)
      if (line.trim() === '') continue
    }
    if (pending) {
      const indent = indentOf(line)
      if (line.trim() === '') {
        out.push(line)
        continue
      }
      if (indent > pending.indent && (pending.block || pending.seen || !YAML_MAPPING.test(line))) {
        pending.seen = true
        const dash = /^[ \t]*- /.exec(line)?.[0] ?? line.slice(0, indent)
        out.push(`${dash}${REDACTED}`)
        continue
      }
      pending = null
    }
    const blocks = redactKeyBlocks(line)
    inKey = blocks.open
    const pairs = redactPairs(applyRules(blocks.text, RULES_BEFORE_PAIRS))
    out.push(applyRules(pairs.text, RULES_AFTER_PAIRS))
    if (pairs.open && !inKey) pending = { indent: indentOf(line), block: pairs.open === 'block', seen: false }
  }
  return out
}

/** Private key blocks within one line; `open` when a block begins and does not end on it (it spans lines). */
function redactKeyBlocks(line: string): { text: string; open: boolean } {
  let out = ''
  let pos = 0
  for (;;) {
    KEY_BEGIN.lastIndex = pos
    const begin = KEY_BEGIN.exec(line)
    if (!begin) return { text: out + line.slice(pos), open: false }
    out += line.slice(pos, begin.index) + KEY_MARKER
    KEY_END.lastIndex = begin.index + begin[0].length
    const end = KEY_END.exec(line)
    if (!end) return { text: out, open: true }
    pos = end.index + end[0].length
  }
}

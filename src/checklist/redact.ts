/**
 * Removes secrets from command output before it is saved, shown or exported. Errs on the side of hiding: a hash or a
 * long random-looking word may be hidden too. Pure; works on text and on lists of lines (a private key block spans lines).
 */
export const REDACTED = '[REDACTED]'

/** Words that make the value next to them a secret. */
const SECRET_WORD = '(?:token|secret|passw(?:or)?d|passphrase|api[_-]?key|apikey|private[_-]?key|client[_-]?secret|auth[_-]?key|access[_-]?key|bearer|cookie|session[_-]?key)'

const RULES: readonly { re: RegExp; replace: (...m: string[]) => string }[] = [
  // A whole private key block on one text (the multi-line case is handled by redactLines).
  { re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, replace: () => `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----` },
  // HTTP auth headers: Authorization: Bearer x / Basic x, and a bare "Bearer x".
  { re: /\b(Authorization|Proxy-Authorization)(\s*[:=]\s*)(?:(Bearer|Basic|Token)\s+)?("?)[^\s"']+/gi, replace: (_m, name, sep, scheme, q) => `${name}${sep}${scheme ? `${scheme} ` : ''}${q}${REDACTED}` },
  { re: /\bBearer\s+[A-Za-z0-9._~+\/=-]{6,}/g, replace: () => `Bearer ${REDACTED}` },
  // URLs with credentials: scheme://user:password@host
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@\/]+:)[^\s@\/]+@/gi, replace: (_m, head) => `${head}${REDACTED}@` },
  // KEY=value and key: value where the key names a secret (env files, `config get`, YAML, JSON, JSON5, INI).
  {
    re: new RegExp(`(["']?)([A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_.-]*)\\1(\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^\\s,;}\\]]+)`, 'gi'),
    replace: (_m, q, key, sep, value) => {
      const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : ''
      return `${q}${key}${q}${sep}${quote}${REDACTED}${quote}`
    },
  },
  // A secret word followed by a long random-looking value: `--token abcd…`, `token abcd…`.
  { re: new RegExp(`(${SECRET_WORD}[A-Za-z0-9_-]*\\W{1,3})([A-Za-z0-9+\\/_=.-]{16,})`, 'gi'), replace: (_m, head) => `${head}${REDACTED}` },
  // Well-known token shapes, wherever they appear.
  { re: /\b(?:sk|rk|pk)-(?:[a-z]+-)?[A-Za-z0-9_-]{16,}/g, replace: () => REDACTED }, // OpenAI / Anthropic / Stripe style
  { re: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: () => REDACTED }, // GitHub
  { re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED }, // Slack
  { re: /\b\d{6,12}:[A-Za-z0-9_-]{30,}/g, replace: () => REDACTED }, // Telegram bot token
  { re: /\bAKIA[0-9A-Z]{16}\b/g, replace: () => REDACTED }, // AWS access key id
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED }, // JWT
  // Any long random-looking run (hex or base64, letters and digits mixed): a bare 64-hex gateway token, say.
  // Paths (with '/') count only when they look like base64 (upper, lower and digits); SSH fingerprints (SHA256:…) stay.
  { re: /(?<![A-Za-z0-9+\/_-])(?<!SHA256:)[A-Za-z0-9+\/_-]{40,}={0,2}/g, replace: (m) => (looksRandom(m) ? REDACTED : m) },
]

function looksRandom(run: string): boolean {
  const mixed = /[0-9]/.test(run) && /[A-Za-z]/.test(run)
  if (!run.includes('/')) return mixed
  return mixed && /[A-Z]/.test(run) && /[a-z]/.test(run) && !run.startsWith('/') && !run.includes('//')
}

/** Redacts one text (may span lines). */
export function redact(text: string): string {
  let out = text
  // A function replacer: `$'` and friends in the input are never interpreted.
  for (const rule of RULES) out = out.replace(rule.re, (...args: unknown[]) => rule.replace(...args.map((a) => (typeof a === 'string' ? a : ''))))
  return out
}

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/

/** Redacts evidence lines; the lines of a private key block (BEGIN … END) are replaced as a whole. */
export function redactLines(lines: readonly string[]): string[] {
  const out: string[] = []
  let inKey = false
  for (const line of lines) {
    if (inKey) {
      if (KEY_END.test(line)) inKey = false
      continue
    }
    if (KEY_BEGIN.test(line) && !KEY_END.test(line)) {
      inKey = true
      out.push(`-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`)
      continue
    }
    out.push(redact(line))
  }
  return out
}

import JSON5 from 'json5'
import { OPENCLAW_KEYS, isOpenClawKey } from './keys'

/**
 * What `ocss_oc_facts` (lib/openclaw.sh) read as root, from files only, parsed. The sections:
 * - `oc-account`: `user NAME`, `uid N`, `home PATH`; or `missing NAME` / `invalid`.
 * - `oc-version`: the installed version from OpenClaw's package.json, or `not-installed`.
 * - `oc-pid1`: the name of PID 1 (`systemd`, `init`, `bash`, …).
 * - `oc-config`: `absent` | `symlink` | `not-a-file` | `too-large BYTES` | `unreadable REASON` |
 *   `unparseable BYTES MODE [LINE COLUMN | not-an-object]` | `json BYTES MODE` + one line of strict JSON. The target parsed
 *   the file (JSON, else JSON5; lib/openclaw-redact.py, as root) and replaced every plaintext secret by its shape
 *   (`RedactedSecret`), so no secret value ever reaches the app.
 * - `oc-paths`: `TYPE|MODE|OWNER|PATH` (find's %y %m %u %p; PATH relative to ~/.openclaw, `.` = the folder itself).
 * - `oc-listen`: `ss -ltnpH`.
 * - `oc-secrets`: `NAME KIND LENGTH` per secret store entry (never a value), or `none` / `unreadable`.
 * - `oc-workspace`: `TYPE|PATH` (find's %y, or `missing`) of ~/.openclaw/workspace and of each folder the config names as a
 *   workspace (which one counts is the config's `agents.defaults.workspace`, read here with JSON5).
 * - `oc-unit`: `unit-file present|symlink|missing PATH`, `enabled X`, `active X` (or `no-bus`), `linger yes|no`.
 */
export interface OpenClawFacts {
  readonly pid1: string | null
  readonly account: { readonly state: 'ok'; readonly user: string; readonly uid: number; readonly home: string } | { readonly state: 'missing'; readonly user: string } | { readonly state: 'invalid' } | { readonly state: 'unread' }
  readonly version: string | null
  readonly config: OpenClawConfigFact
  readonly paths: readonly PathFact[]
  readonly listeners: readonly Listener[] | null
  readonly secrets: readonly SecretFact[] | null
  readonly unit: UnitFact
  readonly workspaces: readonly WorkspaceFact[]
}

/** The gateway's user unit: its file, what the account's user manager says (`unknown` without a bus), and linger. */
export interface UnitFact {
  readonly file: { readonly state: 'present' | 'symlink' | 'missing' | 'unknown'; readonly path: string }
  readonly bus: boolean
  readonly enabled: string
  readonly active: string
  readonly linger: boolean | null
}

export interface WorkspaceFact {
  readonly path: string
  readonly type: PathFact['type'] | 'missing'
}

export type OpenClawConfigFact =
  | { readonly state: 'ok'; readonly value: Readonly<Record<string, unknown>>; readonly bytes: number; readonly mode: number }
  | { readonly state: 'absent' | 'symlink' | 'not-a-file' }
  | { readonly state: 'unread'; readonly reason?: 'no-python3' | 'python3-failed' }
  | { readonly state: 'too-large'; readonly bytes: number }
  | { readonly state: 'invalid'; readonly error: string }

/**
 * What the target put in place of a secret-looking key's plaintext value (lib/openclaw-redact.py): a string's length in
 * UTF-16 units (as JavaScript counts it), or that it was a number. SecretRef objects arrive as they are.
 */
export type RedactedSecret = { readonly $ocssRedacted: 'plaintext'; readonly length: number } | { readonly $ocssRedacted: 'number' }

export function redactedSecret(v: unknown): RedactedSecret | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !('$ocssRedacted' in v)) return null
  const r = v as { $ocssRedacted?: unknown; length?: unknown }
  if (r.$ocssRedacted === 'plaintext' && typeof r.length === 'number' && Number.isInteger(r.length) && r.length >= 0) return { $ocssRedacted: 'plaintext', length: r.length }
  if (r.$ocssRedacted === 'number') return { $ocssRedacted: 'number' }
  return null
}

/** The length of a plaintext secret as the facts carry it (a redaction marker), or null when v is none. */
export function plaintextLength(v: unknown): number | null {
  const r = redactedSecret(v)
  return r?.$ocssRedacted === 'plaintext' ? r.length : null
}

export interface PathFact {
  readonly path: string
  readonly type: 'dir' | 'file' | 'symlink' | 'other'
  readonly mode: number
  readonly owner: string
}

export interface Listener {
  readonly address: string
  readonly port: number
  readonly process: string
}

export interface SecretFact {
  readonly name: string
  readonly kind: string
  readonly length: number
}

const first = (lines: readonly string[] | undefined) => lines?.[0]?.trim()

function account(lines: readonly string[] | undefined): OpenClawFacts['account'] {
  if (!lines || lines.length === 0) return { state: 'unread' }
  const m = /^missing (\S+)$/.exec(first(lines) ?? '')
  if (m?.[1]) return { state: 'missing', user: m[1] }
  const get = (k: string) => lines.find((l) => l.startsWith(`${k} `))?.slice(k.length + 1)
  const user = get('user')
  const uid = Number(get('uid'))
  const home = get('home')
  if (!user || !home || !Number.isInteger(uid)) return { state: 'invalid' }
  return { state: 'ok', user, uid, home }
}

function config(lines: readonly string[] | undefined): OpenClawConfigFact {
  const head = first(lines)
  if (head === undefined) return { state: 'unread' }
  if (head === 'absent' || head === 'symlink' || head === 'not-a-file') return { state: head }
  if (head === 'unreadable no-python3' || head === 'unreadable python3-failed') return { state: 'unread', reason: head === 'unreadable no-python3' ? 'no-python3' : 'python3-failed' }
  const big = /^too-large (\d+)$/.exec(head)
  if (big) return { state: 'too-large', bytes: Number(big[1]) }
  const bad = /^unparseable(?: (\d+) ([0-7]{1,4}))?(?: (\d+) (\d+)| (not-an-object))?$/.exec(head)
  if (bad) {
    if (bad[5]) return { state: 'invalid', error: 'the file does not hold an object' }
    return { state: 'invalid', error: `openclaw.json could not be read as JSON5${bad[3] ? ` at line ${bad[3]}, column ${bad[4]}` : ''}` }
  }
  const ok = /^json (\d+) ([0-7]{1,4})$/.exec(head)
  if (!ok) return { state: 'unread' }
  try {
    // Strict JSON from the target; JSON5 reads the Infinity and NaN that JSON5 files may hold.
    const value: unknown = JSON5.parse(lines?.[1]?.trim() ?? '')
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { state: 'invalid', error: 'the file does not hold an object' }
    return { state: 'ok', value: value as Record<string, unknown>, bytes: Number(ok[1]), mode: parseInt(ok[2] ?? '0', 8) }
  } catch {
    return { state: 'unread' }
  }
}

const TYPES: Readonly<Record<string, PathFact['type']>> = { d: 'dir', f: 'file', l: 'symlink' }

function paths(lines: readonly string[] | undefined): PathFact[] {
  const out: PathFact[] = []
  for (const line of lines ?? []) {
    const m = /^([a-zA-Z])\|([0-7]{1,4})\|([^|]*)\|(.+)$/.exec(line)
    if (!m?.[1] || !m[2] || m[3] === undefined || !m[4]) continue
    out.push({ type: TYPES[m[1]] ?? 'other', mode: parseInt(m[2], 8), owner: m[3], path: m[4] === '.' ? '.' : m[4].replace(/^\.\//, '') })
  }
  return out
}

function listeners(lines: readonly string[] | undefined): Listener[] | null {
  if (!lines || first(lines) === 'ss-failed') return null
  const out: Listener[] = []
  for (const line of lines) {
    // State Recv-Q Send-Q Local:Port Peer:Port [Process]
    const cols = line.trim().split(/\s+/)
    const local = cols[3]
    const m = local ? /^(.*):(\d+)$/.exec(local) : null
    if (!m?.[1] || !m[2]) continue
    const address = m[1].replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
    const proc = /users:\(\("([^"]*)"/.exec(line)?.[1] ?? ''
    out.push({ address, port: Number(m[2]), process: proc })
  }
  return out
}

function secrets(lines: readonly string[] | undefined): SecretFact[] | null {
  const head = first(lines)
  if (head === undefined || head === 'unreadable' || head.startsWith('unreadable ')) return null
  if (head === 'none') return []
  return (lines ?? []).flatMap((l) => {
    const m = /^([A-Za-z0-9_.-]+) (\S+) (\d+)$/.exec(l.trim())
    return m?.[1] && m[2] && m[3] ? [{ name: m[1], kind: m[2], length: Number(m[3]) }] : []
  })
}

function unit(lines: readonly string[] | undefined): UnitFact {
  const get = (k: string) => (lines ?? []).find((l) => l.startsWith(`${k} `))?.slice(k.length + 1).trim()
  const linger = get('linger')
  const f = /^(present|symlink|missing) (.+)$/.exec(get('unit-file') ?? '')
  return {
    file: f?.[1] && f[2] ? { state: f[1] as UnitFact['file']['state'], path: f[2] } : { state: 'unknown', path: '' },
    bus: !(lines ?? []).includes('no-bus'),
    enabled: get('enabled') || 'unknown',
    active: get('active') || 'unknown',
    linger: linger === undefined ? null : linger === 'yes',
  }
}

function workspaces(lines: readonly string[] | undefined): WorkspaceFact[] {
  return (lines ?? []).flatMap((line) => {
    const m = /^(missing|[a-zA-Z])\|(\/.*)$/.exec(line.trim())
    return m?.[1] && m[2] ? [{ path: m[2], type: m[1] === 'missing' ? 'missing' : (TYPES[m[1]] ?? 'other') }] : []
  })
}

/** Parses the `### oc-…` sections of ocss_oc_facts. Pure. */
export function parseOpenClawFacts(sections: ReadonlyMap<string, readonly string[]>): OpenClawFacts {
  const version = first(sections.get('oc-version'))
  const pid1 = first(sections.get('oc-pid1'))
  return {
    // /proc/1/comm: at most 15 printable characters on Linux (`systemd`, `init`, `bash`, a WSL `init(...)`).
    pid1: pid1 && /^[\x21-\x7e][\x20-\x7e]{0,63}$/.test(pid1) ? pid1 : null,
    account: account(sections.get('oc-account')),
    version: version && version !== 'not-installed' && /^[0-9][0-9A-Za-z.+-]{0,40}$/.test(version) ? version : null,
    config: config(sections.get('oc-config')),
    paths: paths(sections.get('oc-paths')),
    listeners: listeners(sections.get('oc-listen')),
    secrets: secrets(sections.get('oc-secrets')),
    unit: unit(sections.get('oc-unit')),
    workspaces: workspaces(sections.get('oc-workspace')),
  }
}

/** A key's value as OpenClaw uses it: what the file sets, else the 2026.9.6 schema default (OPENCLAW_KEYS). */
export interface KeyValue {
  readonly set: boolean
  readonly value: unknown
}

export function keyValue(facts: OpenClawFacts, key: string): KeyValue {
  const cfg = facts.config.state === 'ok' ? facts.config.value : {}
  let v: unknown = cfg
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, part)) {
      return { set: false, value: isOpenClawKey(key) ? OPENCLAW_KEYS[key].default : undefined }
    }
    v = (v as Record<string, unknown>)[part]
  }
  return { set: true, value: v }
}

/**
 * A value as evidence may show it: plain values as JSON; a secret key's value only by its shape (a SecretRef's source
 * and id, or "plaintext, N characters"), never the value.
 */
export function showValue(key: string, v: KeyValue): string {
  const secret = isOpenClawKey(key) ? OPENCLAW_KEYS[key].secret : /token|password|secret|key$/i.test(key)
  if (!v.set) return v.value === undefined ? 'unset (no default)' : `unset (default ${JSON.stringify(v.value)})`
  if (secret) {
    const n = plaintextLength(v.value)
    if (n !== null) return `plaintext in openclaw.json, ${n} characters`
    if (typeof v.value === 'string') return `plaintext in openclaw.json, ${v.value.length} characters`
    if (v.value && typeof v.value === 'object' && 'source' in v.value) {
      const r = v.value as { source?: unknown; id?: unknown }
      return `SecretRef source=${String(r.source)} id=${typeof r.id === 'string' && /^[A-Z][A-Z0-9_]{0,127}$/.test(r.id) ? r.id : '(a path)'}`
    }
    return 'set (not shown)'
  }
  return JSON.stringify(v.value)?.slice(0, 200) ?? String(v.value)
}

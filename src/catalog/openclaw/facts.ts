import JSON5 from 'json5'
import { OPENCLAW_KEYS, isOpenClawKey } from './keys'

/**
 * What `ocss_oc_facts` (lib/openclaw.sh) read as root, from files only, parsed. The sections:
 * - `oc-account`: `user NAME`, `uid N`, `home PATH`; or `missing NAME` / `invalid`.
 * - `oc-version`: the installed version from OpenClaw's package.json, or `not-installed`.
 * - `oc-config`: `absent` | `symlink` | `not-a-file` | `too-large BYTES` | `base64` + one line of base64.
 * - `oc-paths`: `TYPE|MODE|OWNER|PATH` (find's %y %m %u %p; PATH relative to ~/.openclaw, `.` = the folder itself).
 * - `oc-listen`: `ss -ltnpH`.
 * - `oc-secrets`: `NAME KIND LENGTH` per secret store entry (never a value), or `none` / `unreadable`.
 * - `oc-workspace`: `TYPE|PATH` (find's %y, or `missing`) of ~/.openclaw/workspace and of each folder the config names as a
 *   workspace (which one counts is the config's `agents.defaults.workspace`, read here with JSON5).
 * - `oc-unit`: `enabled X`, `active X` (or `no-bus`), `linger yes|no`.
 */
export interface OpenClawFacts {
  readonly account: { readonly state: 'ok'; readonly user: string; readonly uid: number; readonly home: string } | { readonly state: 'missing'; readonly user: string } | { readonly state: 'invalid' } | { readonly state: 'unread' }
  readonly version: string | null
  readonly config: OpenClawConfigFact
  readonly paths: readonly PathFact[]
  readonly listeners: readonly Listener[] | null
  readonly secrets: readonly SecretFact[] | null
  readonly unit: { readonly bus: boolean; readonly enabled: string; readonly active: string; readonly linger: boolean | null }
  readonly workspaces: readonly WorkspaceFact[]
}

export interface WorkspaceFact {
  readonly path: string
  readonly type: PathFact['type'] | 'missing'
}

export type OpenClawConfigFact =
  | { readonly state: 'ok'; readonly value: Readonly<Record<string, unknown>>; readonly bytes: number }
  | { readonly state: 'absent' | 'symlink' | 'not-a-file' | 'unread' }
  | { readonly state: 'too-large'; readonly bytes: number }
  | { readonly state: 'invalid'; readonly error: string }

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
  const big = /^too-large (\d+)$/.exec(head)
  if (big) return { state: 'too-large', bytes: Number(big[1]) }
  if (head !== 'base64') return { state: 'unread' }
  const text = Buffer.from(lines?.[1]?.trim() ?? '', 'base64').toString('utf8')
  try {
    const value: unknown = JSON5.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { state: 'invalid', error: 'the file does not hold an object' }
    return { state: 'ok', value: value as Record<string, unknown>, bytes: Buffer.byteLength(text) }
  } catch (e) {
    // JSON5's message names a line and column, never the text around them (so no secret value).
    const msg = e instanceof Error ? e.message.replace(/^JSON5: /, '') : 'parse error'
    return { state: 'invalid', error: /^invalid character|^invalid end of input|^invalid identifier/.test(msg) ? msg.replace(/'.*?'/g, "'…'") : 'parse error' }
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

function unit(lines: readonly string[] | undefined): OpenClawFacts['unit'] {
  const get = (k: string) => (lines ?? []).find((l) => l.startsWith(`${k} `))?.slice(k.length + 1).trim()
  const linger = get('linger')
  return { bus: !(lines ?? []).includes('no-bus'), enabled: get('enabled') || 'unknown', active: get('active') || 'unknown', linger: linger === undefined ? null : linger === 'yes' }
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
  return {
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
    if (typeof v.value === 'string') return `plaintext in openclaw.json, ${v.value.length} characters`
    if (v.value && typeof v.value === 'object' && 'source' in v.value) {
      const r = v.value as { source?: unknown; id?: unknown }
      return `SecretRef source=${String(r.source)} id=${typeof r.id === 'string' && /^[A-Z][A-Z0-9_]{0,127}$/.test(r.id) ? r.id : '(a path)'}`
    }
    return 'set (not shown)'
  }
  return JSON.stringify(v.value)?.slice(0, 200) ?? String(v.value)
}

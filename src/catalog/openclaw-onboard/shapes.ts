import { parseSections } from '../catalog-step'

/**
 * What oc-config-shape.sh printed: the account, openclaw.json's state and a few keys as shapes (a token is
 * "plaintext N", "ref SOURCE PROVIDER ID" or "unset", never its value), the workspace, the secret store's entry lengths.
 * A stand-in until kit-oc's parseOpenClawFacts lands; only these three steps read it.
 */
export interface ConfigShape {
  /** undefined when the check printed no account section (it did not run) */
  readonly account: { readonly user: string; readonly home: string } | { readonly missing: string } | undefined
  /** 'present' | 'missing' | 'symlink' | 'not-a-file' | 'too-large …' | 'unparsable …' | undefined (section absent) */
  readonly state: string | undefined
  readonly keys: ReadonlyMap<string, string>
  readonly workspace: { readonly path: string; readonly kind: string } | undefined
  readonly store: { readonly state: string; readonly entries: readonly StoreEntry[] } | undefined
}

export interface StoreEntry {
  readonly scope: string
  readonly name: string
  readonly kind: string
  readonly length: number
  readonly live: boolean
}

function firstWord(line: string | undefined): [string, string] {
  const t = (line ?? '').trim()
  const i = t.indexOf(' ')
  return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1)]
}

export function parseConfigShape(stdout: string): ConfigShape {
  const s = parseSections(stdout)
  const acc = s.get('shape-account')?.[0]?.trim()
  const [u, rest] = firstWord(acc)
  const account = acc === undefined || acc === '' ? undefined : u === 'missing' ? { missing: rest } : { user: u, home: rest }
  const keys = new Map<string, string>()
  let state: string | undefined
  for (const line of s.get('shape-config') ?? []) {
    const [k, v] = firstWord(line)
    if (k === 'state') state = v
    else if (k) keys.set(k, v)
  }
  const ws = s.get('shape-workspace')?.[0]?.trim()
  const wsAt = ws?.lastIndexOf(' ') ?? -1
  const workspace = ws && wsAt > 0 ? { path: ws.slice(0, wsAt), kind: ws.slice(wsAt + 1) } : undefined
  const storeLines = s.get('shape-store')
  let store: ConfigShape['store']
  if (storeLines) {
    const entries: StoreEntry[] = []
    let st = 'missing'
    for (const line of storeLines) {
      const [k, v] = firstWord(line)
      if (k === 'state') st = v
      const m = /^entry (\S+) (\S+) (\S+) (\S+) (\d+) (live|deleted)$/.exec(line.trim())
      if (m) entries.push({ scope: `${m[1]}:${m[2]}`, name: m[3] ?? '', kind: m[4] ?? '', length: Number(m[5]), live: m[6] === 'live' })
    }
    store = { state: st, entries }
  }
  return { account, state, keys, workspace, store }
}

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

// lib/openclaw-config.mjs run by node as on the target (as the account, HOME = its home), with json5 from this
// repository standing in for OpenClaw's node_modules. Its undo output is the restoring merge patch the shell side
// hands to `openclaw config patch --stdin`; applying it here with the same RFC 7396 rules shows the resulting file.
const SCRIPT = join(__dirname, 'openclaw-config.mjs')
const ROOT = resolve(__dirname, '../../..')
const SCHEMA = {
  type: 'object',
  properties: {
    discovery: { type: 'object', properties: { mdns: { type: 'object', properties: { mode: { type: 'string' } } } } },
    gateway: { type: 'object', properties: { bind: { type: 'string' }, terminal: { type: 'object', properties: { enabled: { type: 'boolean' } } } } },
    tools: { type: 'object', properties: { exec: { type: 'object', properties: { mode: { type: 'string' }, security: { type: 'string' }, ask: { type: 'string' } } } } },
  },
}
let home = ''
const cfgFile = () => join(home, '.openclaw', 'openclaw.json')
const config = () => JSON.parse(readFileSync(cfgFile(), 'utf8')) as Record<string, unknown>
function run(mode: 'plan' | 'undo', patch?: unknown): string {
  const r = spawnSync(process.execPath, [SCRIPT, mode, 'demo-step'], {
    input: mode === 'plan' ? JSON.stringify(SCHEMA) : '',
    env: { HOME: home, OCSS_OC_PKG: ROOT, OCSS_PATCH: JSON.stringify(patch ?? {}) },
    encoding: 'utf8',
  })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}
function merge(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = merge(out[k], v)
  }
  return out
}
/** what the shell side does with plan's "changed" / undo's "patch JSON": openclaw config patch --stdin */
const write = (patch: unknown) => writeFileSync(cfgFile(), JSON.stringify(merge(config(), patch), null, 2))
function applyStep(patch: unknown): void {
  expect(run('plan', patch)).toMatch(/^changed$/m)
  write(patch)
}
function undoStep(): void {
  const m = /^patch (.*)$/m.exec(run('undo'))
  if (m?.[1]) write(JSON.parse(m[1]))
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ocss config mjs ü '))
  mkdirSync(join(home, '.openclaw'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

describe('openclaw-config.mjs undo (node, the file OpenClaw would write simulated with merge-patch rules)', () => {
  it('a key whose parents the apply created: undo removes them too, so the file is the one before', () => {
    const before = { gateway: { bind: 'loopback' } }
    writeFileSync(cfgFile(), JSON.stringify(before))
    applyStep({ discovery: { mdns: { mode: 'off' } }, gateway: { terminal: { enabled: false } } })
    expect(config()).toEqual({ gateway: { bind: 'loopback', terminal: { enabled: false } }, discovery: { mdns: { mode: 'off' } } })
    undoStep()
    expect(config()).toEqual(before)
  })

  it('a parent that existed before stays, even when empty', () => {
    const before = { discovery: {}, gateway: { bind: 'loopback' } }
    writeFileSync(cfgFile(), JSON.stringify(before))
    applyStep({ discovery: { mdns: { mode: 'off' } } })
    undoStep()
    expect(config()).toEqual(before)
  })

  it('a created parent that holds a later change by hand stays, with that change', () => {
    writeFileSync(cfgFile(), JSON.stringify({ gateway: { bind: 'loopback' } }))
    applyStep({ discovery: { mdns: { mode: 'off' } } })
    write({ discovery: { wideArea: { enabled: true } } })
    undoStep()
    expect(config()).toEqual({ gateway: { bind: 'loopback' }, discovery: { wideArea: { enabled: true } } })
  })

  it('a value that existed before is put back and its parents kept', () => {
    writeFileSync(cfgFile(), JSON.stringify({ discovery: { mdns: { mode: 'full' } } }))
    applyStep({ discovery: { mdns: { mode: 'off' } } })
    undoStep()
    expect(config()).toEqual({ discovery: { mdns: { mode: 'full' } } })
  })

  it('a key the apply deleted (null, e.g. tool-policy\'s legacy tools.exec.security) is put back, and what it set removed', () => {
    const before = { tools: { exec: { security: 'full', ask: 'off' } } }
    writeFileSync(cfgFile(), JSON.stringify(before))
    applyStep({ tools: { exec: { mode: 'deny', security: null, ask: null } } })
    expect(config()).toEqual({ tools: { exec: { mode: 'deny' } } })
    expect(run('undo')).toMatch(/^restore tools\.exec\.security$/m)
    undoStep()
    expect(config()).toEqual(before)
  })

  it('a deleted key that came back by hand after the apply is kept', () => {
    writeFileSync(cfgFile(), JSON.stringify({ tools: { exec: { security: 'full' } } }))
    applyStep({ tools: { exec: { security: null } } })
    write({ tools: { exec: { security: 'allowlist' } } })
    expect(run('undo')).toMatch(/^kept tools\.exec\.security$/m)
    undoStep()
    expect(config()).toEqual({ tools: { exec: { security: 'allowlist' } } })
  })

  it('a key changed by hand after the apply is kept, and so are its parents', () => {
    writeFileSync(cfgFile(), JSON.stringify({}))
    applyStep({ discovery: { mdns: { mode: 'off' } } })
    write({ discovery: { mdns: { mode: 'minimal' } } })
    expect(run('undo')).toMatch(/^kept discovery\.mdns\.mode$/m)
    undoStep()
    expect(config()).toEqual({ discovery: { mdns: { mode: 'minimal' } } })
  })
})

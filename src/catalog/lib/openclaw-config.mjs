/* eslint-disable no-restricted-imports -- never imported by the app: written into the scripts as text, it runs on the target as the OpenClaw account */
// The write side of lib/openclaw.sh, run AS THE OPENCLAW ACCOUNT by its own node (never by root), written into the
// script between heredoc markers. JSON5 comes from OpenClaw's own node_modules ($OCSS_OC_PKG).
//   plan STEP   stdin: `openclaw config schema`; env OCSS_PATCH: the patch. Prints "missing KEY" for a key the schema
//               lacks, "same KEY"/"key KEY" per leaf, then "unchanged", or writes the undo record and prints "changed".
//   undo STEP   prints "norecord", or "restore KEY"/"kept KEY" lines and "patch JSON" (the restoring patch).
//   token-shape STEP / token-value STEP   gateway.auth as a shape / a plaintext token on stdout (gateway-token).
// The undo record ~/.openclaw/.ocss-undo/STEP.json (600): { keys: { KEY: { path, before, parentsBefore, set } } }, before
// null = was absent, parentsBefore = how many of its parents existed (undo removes the ones it created when left empty);
// a secret (plaintext string at a token/password key) is kept as { secret: true, present } only.
import { createRequire } from 'node:module'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

const require = createRequire(`${process.env.OCSS_OC_PKG}/package.json`)
const JSON5 = require('json5')
const [mode, step] = process.argv.slice(-2)
const state = `${process.env.HOME}/.openclaw`
const recordDir = `${state}/.ocss-undo`
const recordPath = `${recordDir}/${step}.json`

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const isRef = (v) => isObject(v) && typeof v.source === 'string' && typeof v.id === 'string'
const SECRET = /token|password|secret|apikey|api_key/i

function leaves(patch, prefix = []) {
  const out = []
  for (const [k, v] of Object.entries(patch)) {
    const path = [...prefix, k]
    if (isObject(v) && !isRef(v) && Object.keys(v).length > 0) out.push(...leaves(v, path))
    else out.push({ path, value: v })
  }
  return out
}

function equal(a, b) {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort()
    const kb = Object.keys(b).sort()
    return equal(ka, kb) && ka.every((k) => equal(a[k], b[k]))
  }
  return false
}

function get(obj, path) {
  let v = obj
  for (const k of path) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined
    v = v[k]
  }
  return v
}

// Schema lookup of one key path: follows local $ref, every branch of anyOf/oneOf/allOf, properties,
// patternProperties and additionalProperties maps.
function resolveRef(root, node, seen = 0) {
  while (node && typeof node.$ref === 'string' && node.$ref.startsWith('#') && seen++ < 32) {
    node = node.$ref
      .slice(2)
      .split('/')
      .filter(Boolean)
      .reduce((n, part) => (n ? n[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root)
  }
  return node
}

function branches(root, node) {
  node = resolveRef(root, node)
  if (!node || typeof node !== 'object') return []
  const alts = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]
  return [node, ...alts.flatMap((a) => branches(root, a))]
}

function child(root, node, key) {
  const found = []
  for (const b of branches(root, node)) {
    if (b.properties && Object.prototype.hasOwnProperty.call(b.properties, key)) found.push(b.properties[key])
    else if (b.patternProperties && Object.entries(b.patternProperties).some(([re]) => new RegExp(re, 'u').test(key))) {
      for (const [re, s] of Object.entries(b.patternProperties)) if (new RegExp(re, 'u').test(key)) found.push(s)
    } else if (isObject(b.additionalProperties)) found.push(b.additionalProperties)
  }
  return found
}

function hasPath(root, path) {
  let nodes = [root]
  for (const key of path) {
    nodes = nodes.flatMap((n) => child(root, n, key))
    if (nodes.length === 0) return false
  }
  return true
}

function readConfig() {
  const file = `${state}/openclaw.json`
  if (!existsSync(file)) return {}
  return JSON5.parse(readFileSync(file, 'utf8'))
}

function readRecord() {
  return existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : null
}

function writeRecord(record) {
  mkdirSync(recordDir, { recursive: true, mode: 0o700 })
  chmodSync(recordDir, 0o700)
  const tmp = `${recordPath}.tmp`
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, recordPath)
}

const secretLeaf = (path, value) => SECRET.test(path[path.length - 1] ?? '') && !isRef(value)

function plan() {
  const schema = JSON.parse(readFileSync(0, 'utf8'))
  const patch = JSON.parse(process.env.OCSS_PATCH ?? '{}')
  const all = leaves(patch)
  const missing = all.filter((l) => !hasPath(schema, l.path))
  if (missing.length > 0) {
    for (const l of missing) console.log(`missing ${l.path.join('.')}`)
    return
  }
  const config = readConfig()
  const changes = []
  for (const l of all) {
    const now = get(config, l.path)
    const same = l.value === null ? now === undefined : equal(now, l.value)
    console.log(`${same ? 'same' : 'key'} ${l.path.join('.')}`)
    if (!same) changes.push({ ...l, now })
  }
  if (changes.length === 0) {
    console.log('unchanged')
    return
  }
  const record = readRecord() ?? { step, version: process.env.OCSS_OC_VERSION ?? '', keys: {} }
  for (const c of changes) {
    const key = c.path.join('.')
    const earlier = record.keys[key]
    const before = earlier ? earlier.before : secretLeaf(c.path, c.now) ? { secret: true, present: c.now !== undefined } : (c.now ?? null)
    // How many of the key's parents existed before (the rest this write creates): undo removes those again when empty.
    const kept = earlier ? earlier.parentsBefore : existingParents(config, c.path)
    record.keys[key] = { path: c.path, before, parentsBefore: kept, set: secretLeaf(c.path, c.value) ? { secret: true, present: true } : c.value }
  }
  writeRecord(record)
  console.log('changed')
}

/** how many leading parents of PATH (a leaf's path) are objects in CONFIG */
function existingParents(config, path) {
  let n = 0
  while (n < path.length - 1 && isObject(get(config, path.slice(0, n + 1)))) n++
  return n
}

/** RFC 7396 merge patch, as `openclaw config patch` applies it: null deletes */
function mergePatch(target, patch) {
  if (!isObject(patch)) return patch
  const out = isObject(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = mergePatch(out[k], v)
  }
  return out
}

function setPath(obj, path, value) {
  let o = obj
  path.slice(0, -1).forEach((k) => (o = o[k] ??= {}))
  o[path[path.length - 1]] = value
}

function undo() {
  const record = readRecord()
  if (!record) {
    console.log('norecord')
    return
  }
  const config = readConfig()
  const patch = {}
  const pruned = []
  let n = 0
  for (const [key, { path: saved, before, set }] of Object.entries(record.keys)) {
    const path = Array.isArray(saved) ? saved : key.split('.')
    const now = get(config, path)
    // set null = the apply deleted the key: still so while it is absent.
    const stillSet = isObject(set) && set.secret === true ? now !== undefined : set === null ? now === undefined : equal(now, set)
    if (!stillSet || (isObject(before) && before.secret === true && before.present)) {
      console.log(`kept ${key}`)
      continue
    }
    const value = isObject(before) && before.secret === true ? null : before
    if (value === null && now === undefined) continue
    console.log(`restore ${key}`)
    setPath(patch, path, value)
    if (value === null) pruned.push({ path, parentsBefore: Number.isInteger(record.keys[key].parentsBefore) ? record.keys[key].parentsBefore : path.length - 1 })
    n++
  }
  // A parent object the apply created and that the undo leaves empty goes too ({"mdns": {}} is not the state before).
  // One that holds anything else now (a later change by hand) stays.
  let after = mergePatch(config, patch)
  for (const { path, parentsBefore } of pruned) {
    for (let depth = path.length - 1; depth > parentsBefore; depth--) {
      const parent = path.slice(0, depth)
      const v = get(after, parent)
      if (!isObject(v) || Object.keys(v).length > 0) break
      setPath(patch, parent, null)
      after = mergePatch(config, patch)
    }
  }
  if (n > 0) console.log(`patch ${JSON.stringify(patch)}`)
}

// token-shape: gateway.auth.mode and the token's shape ("unset", "plaintext N", "ref SOURCE PROVIDER ID", "other"),
// never its value. token-value: a plaintext gateway.auth.token on stdout, for piping into the secret store only.
function tokenShape() {
  const config = readConfig()
  const mode = get(config, ['gateway', 'auth', 'mode'])
  const tok = get(config, ['gateway', 'auth', 'token'])
  const word = (v) => (typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v) ? v : '?')
  console.log(`mode ${typeof mode === 'string' ? word(mode) : 'unset'}`)
  if (tok === undefined || tok === null || tok === '') console.log('token unset')
  else if (typeof tok === 'string') console.log(`token plaintext ${tok.length}`)
  else if (isRef(tok)) console.log(`token ref ${word(tok.source)} ${word(tok.provider ?? 'default')} ${word(tok.id)}`)
  else console.log('token other')
}
function tokenValue() {
  const tok = get(readConfig(), ['gateway', 'auth', 'token'])
  if (typeof tok !== 'string' || tok === '') process.exit(3)
  process.stdout.write(tok)
}

if (mode === 'plan') plan()
else if (mode === 'undo') undo()
else if (mode === 'token-shape') tokenShape()
else if (mode === 'token-value') tokenValue()
else {
  console.error(`unknown mode ${mode}`)
  process.exit(2)
}

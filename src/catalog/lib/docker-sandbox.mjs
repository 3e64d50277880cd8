/* eslint-disable no-restricted-imports -- never imported by the app: written into the scripts as text, it runs on the target as the OpenClaw account */
// The sandbox settings lib/docker.sh needs for its probe, read AS THE OPENCLAW ACCOUNT by its own node from its
// ~/.openclaw/openclaw.json (JSON5 from OpenClaw's own node_modules, $OCSS_OC_PKG), with OpenClaw 2026.9.6's defaults
// for absent keys (dist/config-*.mjs: image openclaw-sandbox:bookworm-slim, readOnlyRoot true, tmpfs /tmp /var/tmp /run,
// network none, capDrop [ALL]). One "KEY VALUE" line each; a value of an unexpected shape prints "invalid KEY".
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'

const require = createRequire(`${process.env.OCSS_OC_PKG}/package.json`)
const JSON5 = require('json5')
let cfg = {}
try {
  cfg = JSON5.parse(readFileSync(`${process.env.HOME}/.openclaw/openclaw.json`, 'utf8'))
} catch {
  console.log('config unreadable')
}
const obj = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {})
const sandbox = obj(obj(obj(cfg).agents).defaults).sandbox
const docker = obj(obj(sandbox).docker)
const gateway = obj(obj(cfg).gateway)
const WORD = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,199}$/
const TMPFS = /^\/[A-Za-z0-9/_.-]{0,199}(:[A-Za-z0-9=,]{1,100})?$/
const CAP = /^[A-Z_]{1,40}$/
const line = (key, value, ok) => console.log(ok ? `${key} ${value}` : `invalid ${key}`)
const image = docker.image ?? 'openclaw-sandbox:bookworm-slim'
line('image', image, typeof image === 'string' && WORD.test(image))
const network = docker.network ?? 'none'
line('network', network, typeof network === 'string' && WORD.test(network))
const ro = docker.readOnlyRoot ?? true
line('readOnlyRoot', ro, typeof ro === 'boolean')
const caps = docker.capDrop ?? ['ALL']
line('capDrop', Array.isArray(caps) ? caps.join(',') : '', Array.isArray(caps) && caps.every((c) => typeof c === 'string' && CAP.test(c)))
const tmpfs = docker.tmpfs ?? ['/tmp', '/var/tmp', '/run']
line('tmpfs', Array.isArray(tmpfs) ? tmpfs.join(' ') : '', Array.isArray(tmpfs) && tmpfs.every((t) => typeof t === 'string' && TMPFS.test(t)))
if (docker.user !== undefined) line('user', docker.user, typeof docker.user === 'string' && WORD.test(docker.user))
const port = gateway.port ?? 18789
line('port', port, Number.isInteger(port) && port > 0 && port < 65536)

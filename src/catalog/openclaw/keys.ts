import { z } from 'zod'
import type { StepEffect } from '../../shared/step'

/** One OpenClaw setting the app writes, as OpenClaw 2026.9.6's `openclaw config schema` defines it. */
export interface OpenClawKey {
  /** What the app may write there (checked again by OpenClaw's own dry run). */
  readonly value: z.ZodType
  /** OpenClaw's own value when the key is absent (from the schema's text and measured runs), or undefined = none. */
  readonly default: unknown
  /** A secret's value never appears in evidence, the undo record or an argument list; only its shape. */
  readonly secret: boolean
  /** What must happen for a change to take effect (done by the script only when something changed). */
  readonly effects: readonly StepEffect[]
  /** The schema's leaf type at this path, as the fixture test checks it. */
  readonly schemaType: 'string' | 'boolean' | 'integer' | 'string-array' | 'id-array' | 'secret-input'
}

/** A Telegram user id as allowFrom keeps it: digits only, as a string (the schema takes strings and numbers). */
const telegramIds = z.array(z.string().regex(/^[1-9][0-9]{0,19}$/)).min(1)

const secretRef = z.object({ source: z.enum(['env', 'file', 'exec', 'store']), provider: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/), id: z.string().min(1) })

/**
 * Every OpenClaw key the app writes, once (OpenClaw 2026.9.6; /work/shared/notes/openclaw-catalogue.md §2–4). A step's
 * `set` may only name keys from here; the unit test checks each against a trimmed copy of the real schema, the lab
 * test against the live `openclaw config schema`.
 */
export const OPENCLAW_KEYS = {
  'gateway.mode': { value: z.enum(['local', 'remote']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'gateway.bind': { value: z.enum(['loopback', 'lan', 'tailnet', 'auto', 'custom']), default: 'loopback', secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'gateway.port': { value: z.number().int().min(1).max(65535), default: 18789, secret: false, effects: ['restart-gateway'], schemaType: 'integer' },
  'gateway.trustedProxies': { value: z.array(z.string().min(1)), default: [], secret: false, effects: ['restart-gateway'], schemaType: 'string-array' },
  // "Changes apply without restarting the Gateway" (schema text).
  'gateway.terminal.enabled': { value: z.boolean(), default: true, secret: false, effects: [], schemaType: 'boolean' },
  'gateway.auth.mode': { value: z.enum(['none', 'token', 'password', 'trusted-proxy']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'gateway.auth.token': { value: secretRef, default: undefined, secret: true, effects: ['restart-gateway'], schemaType: 'secret-input' },
  // "minimal" default (schema text); "off" disables mDNS. The patch says "Change will apply without restarting the gateway".
  'discovery.mdns.mode': { value: z.enum(['off', 'minimal', 'full']), default: 'minimal', secret: false, effects: [], schemaType: 'string' },
  // Enabled by default: a fresh home's audit reports "tools.elevated: enabled" (catalogue §3, layer 4).
  'tools.elevated.enabled': { value: z.boolean(), default: true, secret: false, effects: ['restart-gateway'], schemaType: 'boolean' },
  // --- layer 8, the Docker sandbox (sandbox-docker). Defaults from OpenClaw 2026.9.6's resolveSandboxConfigForAgent /
  // resolveSandboxDockerConfig (dist/config-*.mjs). Running sandboxes keep their old settings until `openclaw sandbox
  // recreate` (its --help), hence recreate-sandbox.
  'agents.defaults.sandbox.mode': { value: z.enum(['off', 'non-main', 'all']), default: 'off', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.backend': { value: z.string().min(1), default: 'docker', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.scope': { value: z.enum(['session', 'agent', 'shared']), default: 'agent', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.workspaceAccess': { value: z.enum(['none', 'ro', 'rw']), default: 'none', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.docker.image': { value: z.string().min(1), default: 'openclaw-sandbox:bookworm-slim', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.docker.network': { value: z.string().min(1), default: 'none', secret: false, effects: ['recreate-sandbox'], schemaType: 'string' },
  'agents.defaults.sandbox.docker.readOnlyRoot': { value: z.boolean(), default: true, secret: false, effects: ['recreate-sandbox'], schemaType: 'boolean' },
  'agents.defaults.sandbox.docker.capDrop': { value: z.array(z.string().min(1)), default: ['ALL'], secret: false, effects: ['recreate-sandbox'], schemaType: 'string-array' },
  // --- tool-policy (layer 6; src/catalog/tool-policy/presets.ts). No default profile: onboarding writes "full".
  'tools.profile': { value: z.enum(['minimal', 'coding', 'messaging', 'full']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  // Group names are not validated by OpenClaw (catalogue §3, layer 4): the app writes only names from TOOL_GROUPS and tool ids.
  'tools.deny': { value: z.array(z.string().regex(/^[a-z][a-z0-9_:-]{0,63}$/)), default: [], secret: false, effects: ['restart-gateway'], schemaType: 'string-array' },
  'tools.exec.mode': { value: z.enum(['deny', 'allowlist', 'ask', 'auto', 'full']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  // Legacy keys that OpenClaw refuses next to tools.exec.mode: tool-policy only deletes them (null). Unset = security deny, ask off.
  'tools.exec.security': { value: z.enum(['deny', 'allowlist', 'full']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'tools.exec.ask': { value: z.enum(['off', 'on-miss', 'always']), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  // "default: false" (schema text).
  'tools.fs.workspaceOnly': { value: z.boolean(), default: false, secret: false, effects: ['restart-gateway'], schemaType: 'boolean' },
  // Layer 5, channel-allowlist (catalogue §3 "Layer 3: Telegram"). Channel changes need a gateway restart to take effect.
  'channels.telegram.enabled': { value: z.boolean(), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'boolean' },
  'channels.telegram.botToken': { value: secretRef, default: undefined, secret: true, effects: ['restart-gateway'], schemaType: 'secret-input' },
  'channels.telegram.dmPolicy': { value: z.enum(['pairing', 'allowlist', 'open', 'disabled']), default: 'pairing', secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'channels.telegram.allowFrom': { value: telegramIds, default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'id-array' },
  'channels.telegram.groupPolicy': { value: z.enum(['open', 'disabled', 'allowlist']), default: 'allowlist', secret: false, effects: ['restart-gateway'], schemaType: 'string' },
  'channels.telegram.groups.*.requireMention': { value: z.boolean(), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'boolean' },
  // "Explicit owner allowlist for owner-scoped commands … '*' is ignored" (schema text): ["telegram:<id>", …].
  'commands.ownerAllowFrom': { value: z.array(z.string().regex(/^telegram:[1-9][0-9]{0,19}$/)).min(1), default: undefined, secret: false, effects: ['restart-gateway'], schemaType: 'id-array' },
} as const satisfies Record<string, OpenClawKey>

export type OpenClawKeyName = keyof typeof OPENCLAW_KEYS

export function isOpenClawKey(name: string): name is OpenClawKeyName {
  return Object.prototype.hasOwnProperty.call(OPENCLAW_KEYS, name)
}

import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { factsError } from '../openclaw/config-step'
import { keyValue, parseOpenClawFacts, plaintextLength, redactedSecret, type OpenClawFacts } from '../openclaw/facts'

/** The secret store entry the step keeps the bot token in (channels.telegram.botToken refers to it). */
export const BOT_TOKEN_SECRET = 'TELEGRAM_BOT_TOKEN'

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const NUMERIC = /^[1-9][0-9]{0,19}$/

/** How an allowFrom-like entry looks, never more than its shape: numeric id, "*", or something else. */
type EntryShape = 'numeric' | 'star' | 'other'

function shapeOf(v: unknown): EntryShape {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? 'numeric' : 'other'
  if (typeof v !== 'string') return 'other'
  const s = v.trim()
  if (s === '*') return 'star'
  return NUMERIC.test(s) ? 'numeric' : 'other'
}

function shapes(list: readonly unknown[]): string {
  const n = (k: EntryShape) => list.filter((v) => shapeOf(v) === k).length
  const parts = [`${n('numeric')} numeric`]
  if (n('star') > 0) parts.push(`${n('star')} "*"`)
  if (n('other') > 0) parts.push(`${n('other')} not numeric`)
  return `${list.length} ${list.length === 1 ? 'entry' : 'entries'} (${parts.join(', ')})`
}

/**
 * The approved senders of OpenClaw's pairing store for Telegram, as check.sh printed them (`### tg-pairing`): one
 * `allow SHAPE` line per entry of channel_pairing_allow_entries, `pending N`, or `none` / `unreadable`.
 */
interface PairingFacts {
  readonly readable: boolean
  readonly allowed: readonly EntryShape[]
  readonly pending: number
}

function pairing(lines: readonly string[] | undefined): PairingFacts {
  if (!lines || lines.some((l) => l.startsWith('unreadable'))) return { readable: false, allowed: [], pending: 0 }
  const allowed = lines.flatMap((l) => {
    const m = /^allow (numeric|star|other)$/.exec(l.trim())
    return m?.[1] ? [m[1] as EntryShape] : []
  })
  const pending = Number(/^pending (\d+)$/.exec(lines.find((l) => l.startsWith('pending ')) ?? '')?.[1] ?? 0)
  return { readable: true, allowed, pending }
}

/** The bot token's shape: a SecretRef into the store with its length, in plain text, or something root cannot see. */
function tokenEvidence(facts: OpenClawFacts): { line: string; problem?: string } {
  const tok = keyValue(facts, 'channels.telegram.botToken')
  const tokenFile = keyValue(facts, 'channels.telegram.tokenFile')
  if (!tok.set) {
    if (tokenFile.set) return { line: 'botToken: not set; tokenFile names a file (root does not read it)' }
    return { line: 'botToken: not set (the gateway gets no token from openclaw.json)' }
  }
  const plain = plaintextLength(tok.value)
  if (plain !== null || typeof tok.value === 'string') {
    return { line: `botToken: in plain text in openclaw.json, ${plain ?? 0} characters`, problem: 'the bot token is in plain text in openclaw.json (apply this step to move it into OpenClaw\'s secret store)' }
  }
  if (redactedSecret(tok.value)) return { line: 'botToken: a number in openclaw.json', problem: 'channels.telegram.botToken is a number, not a reference to the secret store' }
  if (!isObject(tok.value) || typeof tok.value.source !== 'string' || typeof tok.value.id !== 'string') return { line: 'botToken: an unknown shape', problem: 'channels.telegram.botToken has a shape the check does not know' }
  const id = /^[A-Z][A-Z0-9_]{0,127}$/.test(tok.value.id) ? tok.value.id : '?'
  if (tok.value.source !== 'store') return { line: `botToken: ${tok.value.source === 'env' ? 'env' : tok.value.source === 'file' ? 'file' : 'exec'} SecretRef ${id} (root cannot verify it)` }
  const entry = facts.secrets?.find((s) => s.name === id)
  if (facts.secrets === null) return { line: `botToken: store SecretRef ${id} (the secret store could not be read)` }
  if (!entry) return { line: `botToken: store SecretRef ${id}, but the store has no such entry`, problem: `channels.telegram.botToken refers to ${id}, which OpenClaw's secret store does not hold (the gateway has no token)` }
  return { line: `botToken: in the secret store (${id}), ${entry.length} characters` }
}

/** Every channel openclaw.json sets up (an object under `channels` that is not switched off). */
function configuredChannels(facts: OpenClawFacts): string[] {
  const ch = keyValue(facts, 'channels')
  if (!ch.set || !isObject(ch.value)) return []
  return Object.entries(ch.value)
    .filter(([, v]) => isObject(v) && v.enabled !== false)
    .map(([k]) => (/^[a-z][a-z0-9_-]{0,39}$/.test(k) ? k : '?'))
}

/**
 * Layer 5: who may talk to the agent through Telegram. From the facts (openclaw.json as root parsed it, the secret
 * store's lengths) and the pairing store's approved senders (their shape only); with the saved answer "I use no chat
 * channel" the item is not applicable while no channel is configured.
 */
export function evaluateChannelAllowlist(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  const facts = parseOpenClawFacts(sections)
  const err = factsError(facts)
  if (err) return err
  const choice = sections.get('channel-choice')?.[0]?.trim() ?? ''
  const channels = configuredChannels(facts)
  const head = `OpenClaw ${facts.version ?? '?'}; channels in openclaw.json: ${channels.length === 0 ? 'none' : channels.join(', ')}`
  if (choice === 'none') {
    const evidence = [head, 'your answer in this step: "I use no chat channel"']
    if (channels.length > 0) {
      return { status: 'fail', summary: `You said you use no chat channel, but openclaw.json sets up ${channels.join(', ')}: anyone who reaches that channel may talk to the agent. Remove it, or choose Telegram in this step and apply it.`, evidence }
    }
    return { status: 'not-applicable', summary: 'Not applicable: you use no chat channel, and openclaw.json sets up none.', evidence }
  }

  const tg = keyValue(facts, 'channels.telegram')
  if (!tg.set || !isObject(tg.value)) {
    return { status: 'fail', summary: 'Telegram is not set up yet (no channels.telegram in openclaw.json). Apply this step with your bot token and your numeric Telegram user id, or choose "I use no chat channel".', evidence: [head] }
  }
  const problems: string[] = []
  const evidence = [head]
  const dm = keyValue(facts, 'channels.telegram.dmPolicy')
  const dmPolicy = typeof dm.value === 'string' ? dm.value : JSON.stringify(dm.value)
  evidence.push(`dmPolicy: ${dmPolicy}${dm.set ? '' : ' (default)'}`)
  const allow = keyValue(facts, 'channels.telegram.allowFrom')
  const allowList = Array.isArray(allow.value) ? (allow.value as unknown[]) : []
  evidence.push(`allowFrom: ${allow.set ? (Array.isArray(allow.value) ? shapes(allowList) : 'not a list') : 'not set'}`)
  if (allowList.some((v) => shapeOf(v) === 'star')) problems.push('allowFrom holds "*", which lets everyone write to the agent')
  if (dmPolicy === 'allowlist') {
    if (allowList.length === 0) problems.push('dmPolicy is allowlist but allowFrom is empty, so OpenClaw silently drops every message (add your numeric Telegram user id)')
    else if (allowList.some((v) => shapeOf(v) === 'other')) problems.push('allowFrom holds entries that are not numeric Telegram user ids (a @username can be taken over; use the number)')
  } else if (dmPolicy === 'pairing') {
    const p = pairing(sections.get('tg-pairing'))
    if (!p.readable) {
      problems.push('dmPolicy is pairing, and OpenClaw\'s pairing store could not be read to see who is approved')
      evidence.push('pairing store: unreadable')
    } else {
      evidence.push(`pairing store: ${shapes(p.allowed.map((s) => (s === 'numeric' ? '1' : s === 'star' ? '*' : '?')))} approved, ${p.pending} pending`)
      if (p.allowed.length === 0) problems.push('dmPolicy is pairing, but nobody is approved in the pairing store yet (send the bot a message, then approve yourself with "openclaw pairing approve telegram <code>")')
      if (p.allowed.includes('star')) problems.push('the pairing store approves "*", which lets everyone write to the agent')
    }
  } else if (dmPolicy === 'open') {
    problems.push('dmPolicy is open: anyone who finds the bot can talk to the agent')
  } else if (dmPolicy !== 'disabled') {
    problems.push(`dmPolicy is ${dmPolicy}, not allowlist or pairing`)
  }
  const gp = keyValue(facts, 'channels.telegram.groupPolicy')
  const groupPolicy = typeof gp.value === 'string' ? gp.value : JSON.stringify(gp.value)
  evidence.push(`groupPolicy: ${groupPolicy}${gp.set ? '' : ' (default)'}`)
  if (groupPolicy !== 'allowlist' && groupPolicy !== 'disabled') problems.push(`groupPolicy is ${groupPolicy}: any group the bot is added to can talk to the agent (use allowlist or disabled)`)
  const mention = keyValue(facts, 'channels.telegram.groups.*.requireMention')
  evidence.push(`groups."*".requireMention: ${mention.set ? JSON.stringify(mention.value) : 'not set'}`)
  const owners = keyValue(facts, 'commands.ownerAllowFrom')
  evidence.push(`commands.ownerAllowFrom: ${owners.set && Array.isArray(owners.value) ? `${owners.value.length} ${owners.value.length === 1 ? 'entry' : 'entries'}` : 'not set'}`)
  const token = tokenEvidence(facts)
  evidence.push(token.line)
  if (token.problem) problems.push(token.problem)

  if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`, evidence }
  const who = dmPolicy === 'allowlist' ? `only ${allowList.length === 1 ? 'the one numeric user id' : `the ${allowList.length} numeric user ids`} in allowFrom` : dmPolicy === 'pairing' ? 'only senders approved in the pairing store' : 'nobody (direct messages are off)'
  return { status: 'pass', summary: `Telegram direct messages reach the agent from ${who}; groups need the allowlist${groupPolicy === 'disabled' ? ' (groups are off)' : ''}.`, evidence }
}

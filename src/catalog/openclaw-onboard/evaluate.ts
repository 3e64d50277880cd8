import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { factsError } from '../openclaw/config-step'
import { parseOpenClawFacts, type OpenClawFacts } from '../openclaw/facts'

/** The value at a dotted path of the parsed openclaw.json (JSON5), or undefined. */
export function configValue(facts: OpenClawFacts, key: string): unknown {
  let v: unknown = facts.config.state === 'ok' ? facts.config.value : undefined
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, part)) return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

/**
 * The facts of one OpenClaw check (ocss_oc_facts, read once per pass), or the verdict when they cannot be judged: no
 * account, no OpenClaw, a config that is not there, a symlink, or does not parse as JSON5. Shared by the OpenClaw steps.
 */
export function onboardedFacts(output: CheckOutput): { facts: OpenClawFacts; user: string; home: string } | CheckVerdict {
  const facts = parseOpenClawFacts(parseSections(output.stdout))
  const err = factsError(facts)
  if (err) return err
  const a = facts.account as { readonly user: string; readonly home: string }
  const conf = `${a.home}/.openclaw/openclaw.json`
  if (facts.config.state === 'absent') {
    return { status: 'fail', summary: `Not onboarded: ${conf} does not exist. Apply "OpenClaw onboarding".`, evidence: [`account: ${a.user} (${a.home})`, 'openclaw.json: absent'] }
  }
  return { facts, user: a.user, home: a.home }
}

const shown = (v: unknown) => (v === undefined ? 'unset' : typeof v === 'string' ? v : JSON.stringify(v))

export function evaluateOnboard(output: CheckOutput): CheckVerdict {
  const r = onboardedFacts(output)
  if ('status' in r) return r
  const { facts, user, home } = r
  const mode = configValue(facts, 'gateway.mode')
  const named = configValue(facts, 'agents.defaults.workspace')
  const path = typeof named === 'string' && named !== '' ? named.replace(/^~\//, `${home}/`) : `${home}/.openclaw/workspace`
  const ws = facts.workspaces.find((w) => w.path === path)
  const kind = ws?.type ?? 'unknown'
  const evidence = [
    `account: ${user}`,
    'openclaw.json: present, parses',
    `gateway.mode: ${shown(mode)}`,
    `workspace: ${path} (${kind === 'dir' ? 'a folder' : kind})`,
    `tools.profile: ${shown(configValue(facts, 'tools.profile'))}`,
  ]
  if (mode !== 'local') {
    return { status: 'fail', summary: `gateway.mode is ${mode === undefined ? 'not set' : `"${shown(mode)}"`}, not "local": this machine is not onboarded as a local gateway.`, evidence }
  }
  if (kind !== 'dir') {
    return { status: 'fail', summary: `The workspace ${path} is ${kind === 'missing' ? 'missing' : `not a folder (${kind})`}: run onboarding again (undo, then apply).`, evidence }
  }
  return { status: 'pass', summary: `Onboarded: openclaw.json parses, gateway.mode local, workspace ${path}.`, evidence }
}

import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { factsError } from '../openclaw/config-step'
import { parseOpenClawFacts } from '../openclaw/facts'
import { presetFor, type Preset } from './presets'

type Obj = Readonly<Record<string, unknown>>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (isObj(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined), o)
const show = (v: unknown): string => (v === undefined ? 'unset' : (JSON.stringify(v)?.slice(0, 200) ?? String(v)))

/** OpenClaw's own resolution (resolveExecModePolicy, 2026.9.6): a set mode decides; else the legacy security (default deny). */
function execSecurity(exec: unknown): string {
  const mode = at(exec, 'mode')
  if (typeof mode === 'string') return mode === 'full' ? 'full' : mode === 'deny' ? 'deny' : 'allowlist'
  const security = at(exec, 'security')
  return typeof security === 'string' ? security : 'deny'
}

/** The agents of agents.entries (an id-keyed map in 2026.9.6; a list is read too), as [label, entry]. */
function agentEntries(cfg: unknown): [string, Obj][] {
  const entries = at(cfg, 'agents.entries')
  const list: [string, unknown][] = Array.isArray(entries) ? entries.map((e, i) => [isObj(e) && typeof e.id === 'string' ? e.id : String(i), e]) : isObj(entries) ? Object.entries(entries) : []
  return list.filter((e): e is [string, Obj] => isObj(e[1]))
}

function input(lines: readonly string[] | undefined, name: string): string | undefined {
  const line = (lines ?? []).find((l) => l.startsWith(`${name} `))
  return line?.slice(name.length + 1).trim()
}

/**
 * The tool-policy check: the chosen preset's invariants, judged from the machine's openclaw.json (files only, as root):
 * - tools.elevated.enabled false (the "Elevated tools off" step's key) and no "*" in any tools.elevated.allowFrom list;
 * - exec not full: tools.exec.mode and tools.exec.security not "full", and no agents.entries.* exec that resolves to full
 *   (OpenClaw's audit reports that as tools.exec.security_full_configured);
 * - tools.fs.workspaceOnly true; tools.profile the preset's (or the narrower "minimal"); every entry of the preset's deny
 *   list in tools.deny (more entries are fine); a preset without commands resolves exec to deny;
 * - coding-sandbox: agents.defaults.sandbox.mode "all" and no agent entry with its own other sandbox mode.
 */
export function evaluateToolPolicy(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  const inputs = sections.get('tool-policy-input')
  const presetId = input(inputs, 'preset')
  if (presetId === undefined) return { status: 'error', summary: 'The check printed nothing usable.', evidence: ['no tool-policy-input section'] }
  const groups = input(inputs, 'groups') ?? ''
  const preset: Preset | null = presetFor(presetId, groups)
  if (!preset) {
    const what = presetId === 'custom' ? `the custom preset's groups (${groups === '' ? 'none' : groups.slice(0, 80)})` : `the preset "${presetId.slice(0, 40)}"`
    return { status: 'error', summary: `The saved choice is not valid: ${what}. Choose the preset again in the "Tool policy" step and run it.`, evidence: [`preset ${presetId.slice(0, 40)}`] }
  }
  const facts = parseOpenClawFacts(sections)
  const err = factsError(facts)
  if (err) return err
  const cfg = facts.config.state === 'ok' ? facts.config.value : {}
  const user = (facts.account as { readonly user: string }).user
  const evidence = [`OpenClaw ${facts.version ?? '?'} for ${user}; openclaw.json ${facts.config.state === 'ok' ? 'read' : facts.config.state}`, `preset ${preset.id}${preset.id === 'custom' ? ` (deny ${preset.deny.join(', ')})` : ''}`]
  const problems: string[] = []
  const key = (path: string, ok: (v: unknown) => boolean, want: string) => {
    const v = at(cfg, path)
    evidence.push(`${path} = ${show(v)}`)
    if (!ok(v)) problems.push(`${path} is ${show(v)}, not ${want}`)
  }

  key('tools.elevated.enabled', (v) => v === false, 'false (OpenClaw enables elevated tools when unset; the "Elevated tools off" step sets it)')
  const allowFrom = at(cfg, 'tools.elevated.allowFrom')
  for (const [channel, list] of isObj(allowFrom) ? Object.entries(allowFrom) : []) {
    if (Array.isArray(list) && list.some((x) => String(x).trim() === '*')) problems.push(`tools.elevated.allowFrom.${channel} holds "*" (everyone on ${channel} may use elevated tools)`)
  }
  key('tools.exec.mode', (v) => v !== 'full' && (preset.execMode !== 'deny' || v === 'deny' || (v === undefined && execSecurity(at(cfg, 'tools.exec')) === 'deny')), preset.execMode === 'deny' ? '"deny"' : 'anything but "full"')
  key('tools.exec.security', (v) => v !== 'full', 'anything but "full"')
  for (const [id, agent] of agentEntries(cfg)) {
    const exec = at(agent, 'tools.exec')
    if (exec === undefined) continue
    const merged = { mode: at(exec, 'mode') ?? at(cfg, 'tools.exec.mode'), security: at(exec, 'security') ?? at(cfg, 'tools.exec.security') }
    evidence.push(`agents.entries.${id}.tools.exec = ${show(exec)}`)
    if (execSecurity(merged) === 'full' || at(exec, 'security') === 'full') problems.push(`agent "${id}" runs commands with exec security "full" (agents.entries.${id}.tools.exec)`)
  }
  key('tools.fs.workspaceOnly', (v) => v === true, 'true')
  key('tools.profile', (v) => v === preset.profile || v === 'minimal', `"${preset.profile}"`)
  const deny = at(cfg, 'tools.deny')
  const have = new Set((Array.isArray(deny) ? deny : []).map((d) => String(d).toLowerCase()))
  const missing = preset.deny.filter((d) => !have.has(d.toLowerCase()))
  evidence.push(`tools.deny = ${show(deny)}`)
  if (missing.length > 0) problems.push(`tools.deny lacks ${missing.join(', ')}`)
  if (preset.needsSandboxAll) {
    key('agents.defaults.sandbox.mode', (v) => v === 'all', '"all" (the coding tools only inside the sandbox; apply the "Docker sandbox" step)')
    for (const [id, agent] of agentEntries(cfg)) {
      const mode = at(agent, 'sandbox.mode')
      if (mode !== undefined && mode !== 'all') problems.push(`agent "${id}" has its own sandbox mode ${show(mode)} (agents.entries.${id}.sandbox.mode), not "all"`)
    }
  }
  if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`, evidence }
  return {
    status: 'pass',
    summary: `The ${preset.label.replace(/ \(recommended\)$/, '')} preset holds: no elevated tools, commands ${preset.execMode === 'deny' ? 'off' : 'never with full trust'}, files only in the workspace${preset.needsSandboxAll ? ', every session in the sandbox' : ''}, and its deny list is in place.`,
    evidence,
  }
}

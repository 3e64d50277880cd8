import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSON5 from 'json5'
import { describe, expect, it } from 'vitest'
import { withConfig } from '../../../test/helpers/openclaw-facts'
import { firstInputIssue, inputSchema } from '../../shared/step-inputs'
import { OPENCLAW_KEYS, isOpenClawKey } from '../openclaw/keys'
import { PRESET_IDS, RISK_ROWS, TOOL_GROUPS, presetFor, presetPatch } from './presets'
import { presetsShell } from './presets-shell'
import { PRESET_TABLE, toolPolicy } from './step'

const inputs = toolPolicy.meta.inputs ?? []
const parse = (v: Record<string, string>, requireAll = true) => inputSchema(inputs, { requireAll }).safeParse(v)

describe('tool-policy inputs (the service and the form validate with these)', () => {
  it('defaults to the messaging preset and passes the custom groups on as one comma-separated list', () => {
    expect(parse({})).toMatchObject({ success: true, data: { PRESET: 'messaging' } })
    expect(parse({ PRESET: 'custom', DENY_GROUPS: ' group:runtime, group:web group:runtime ' })).toMatchObject({ success: true, data: { PRESET: 'custom', DENY_GROUPS: 'group:runtime,group:web' } })
  })

  it('refuses a preset or a group outside the fixed lists, and an unknown input, each with a clear message', () => {
    const bad = parse({ PRESET: 'full-access' })
    expect(bad.success).toBe(false)
    if (!bad.success) expect(firstInputIssue(bad.error)).toBe('Preset must be one of: messaging, coding-sandbox, custom.')
    const group = parse({ PRESET: 'custom', DENY_GROUPS: 'group:runtime,group:bogus' })
    expect(group.success).toBe(false)
    if (!group.success) expect(firstInputIssue(group.error)).toMatch(/^Groups to deny \(custom preset\): "group:bogus" is not allowed; choose from: group:runtime, group:fs, /)
    const quote = parse({ PRESET: 'custom', DENY_GROUPS: 'group:fs"]}' })
    expect(quote.success).toBe(false)
    const unknown = parse({ PRESET: 'messaging', EXEC: 'full' })
    expect(unknown.success).toBe(false)
    if (!unknown.success) expect(firstInputIssue(unknown.error)).toBe('The step has no input named EXEC.')
  })

  it('the custom preset with no group to deny is refused before any job starts; the other presets need none', () => {
    const none = parse({ PRESET: 'custom' })
    expect(none.success).toBe(false)
    if (!none.success) expect(firstInputIssue(none.error)).toMatch(/^Groups to deny \(custom preset\) is required when Preset is "/)
    expect(parse({ PRESET: 'coding-sandbox' }).success).toBe(true)
    expect(parse({ PRESET: 'custom' }, false).success).toBe(true) // undo and checks need no inputs
  })
})

/** The generated ocss_tp_patch, run by the real bash. */
function shellPatch(preset: string, groups = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/bin/bash', ['-c', `set -euo pipefail\n${presetsShell()}\nocss_tp_patch "$1" "$2"`, 'tp', preset, groups], { encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('the presets as data, and as the shell the apply runs', () => {
  it('bash prints exactly each preset\'s patch; the custom one with the chosen groups (no repeats)', () => {
    for (const id of PRESET_IDS.filter((p) => p !== 'custom')) {
      const r = shellPatch(id)
      expect(r.status, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual(presetPatch(presetFor(id)!))
    }
    const custom = shellPatch('custom', 'group:web,group:ui,group:web')
    expect(custom.status, custom.stderr).toBe(0)
    expect(JSON.parse(custom.stdout)).toEqual(presetPatch(presetFor('custom', 'group:web,group:ui')!))
    expect(JSON.parse(custom.stdout)).toMatchObject({ tools: { deny: ['group:web', 'group:ui'], exec: { mode: 'ask' } } })
    // Denying group:runtime turns commands off altogether.
    expect(JSON.parse(shellPatch('custom', 'group:runtime').stdout)).toMatchObject({ tools: { deny: ['group:runtime'], exec: { mode: 'deny' } } })
  })

  it('bash refuses an unknown preset, no groups, and a group outside the list (even one made to break the JSON)', () => {
    expect(shellPatch('full')).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('"full" is not a tool-policy preset') })
    expect(shellPatch('custom', '')).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('needs at least one group') })
    expect(shellPatch('custom', 'group:fs"],"x":["')).toMatchObject({ status: 2, stdout: '' })
    expect(shellPatch('custom', 'group:fs,*')).toMatchObject({ status: 2, stdout: '' })
  })

  it('writes only registered keys, each value fitting the registry (null deletes a legacy exec key)', () => {
    const leaves = (o: Record<string, unknown>, prefix = ''): [string, unknown][] =>
      Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]))
    for (const p of [...PRESET_IDS.filter((id) => id !== 'custom').map((id) => presetFor(id)!), presetFor('custom', TOOL_GROUPS.join(','))!]) {
      for (const [key, value] of leaves(presetPatch(p))) {
        expect(isOpenClawKey(key), key).toBe(true)
        if (isOpenClawKey(key) && value !== null) expect(OPENCLAW_KEYS[key].value.safeParse(value).success, `${key}=${JSON.stringify(value)}`).toBe(true)
      }
      expect(p.execMode).not.toBe('full')
    }
  })

  it('shows each fixed preset in a table with the native-npm guide\'s risk levels', () => {
    const rows = Object.fromEntries(PRESET_TABLE.table!.rows.map((r) => [r[0], r.slice(1)]))
    expect(PRESET_TABLE.table!.columns).toEqual(['Tool', 'Risk (native-npm guide)', 'Messaging assistant (recommended)', 'Coding in the sandbox'])
    expect(rows['exec (shell commands)']).toEqual(['high', 'denied', 'allowed, in the sandbox'])
    expect(rows.browser).toEqual(['high', 'denied', 'denied'])
    expect(rows.web_fetch).toEqual(['high', 'denied', 'denied'])
    expect(rows.write).toEqual(['medium', 'denied', 'allowed, in the sandbox'])
    expect(rows.read).toEqual(['low', 'denied', 'allowed, in the sandbox'])
    expect(RISK_ROWS.map((r) => r.risk)).toEqual(['high', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low'])
    expect(toolPolicy.meta.why?.map((w) => w.title)).toEqual(['The presets: what each allows and denies', 'Prompt injection: four independent layers', 'Red flags in prompts, web content and tool output', 'Small models need the strict preset'])
  })

  it('requires elevated-tools-off always and sandbox-docker only for the coding preset', () => {
    expect(toolPolicy.meta.requires?.map((r) => [r.step, r.when?.values ?? null])).toEqual([
      ['openclaw-onboard', null],
      ['elevated-tools-off', null],
      ['sandbox-docker', ['coding-sandbox']],
    ])
  })
})

// --- The evaluator, on the lab's applied state with openclaw.json and the saved preset changed.
const applied = readFileSync(join(__dirname, 'fixtures/lab-applied.pass.txt'), 'utf8')
/** openclaw.json as the tests change it. */
interface Cfg {
  tools: { deny: string[]; profile?: string; exec?: unknown; elevated?: unknown; fs?: unknown; [k: string]: unknown }
  agents?: { defaults?: Record<string, unknown>; entries?: unknown; [k: string]: unknown }
  [k: string]: unknown
}
const appliedConfig = (): Cfg => {
  // The lab's own file, back from the fixture (the redactor prints it as JSON after its header line).
  const m = /### oc-config\n(?:[^\n]*\n)*?(\{[\s\S]*?\})\n### /.exec(applied)
  return JSON5.parse(m?.[1] ?? '{}') as Cfg
}
const withPreset = (out: string, preset: string, groups?: string) =>
  out.replace(/### tool-policy-input\n(?:(?!### )[^\n]*\n)*/, () => `### tool-policy-input\npreset ${preset}\n${groups ? `groups ${groups}\n` : ''}`)
const judge = (cfg: unknown, preset = 'messaging', groups?: string) => toolPolicy.evaluate({ exitCode: 0, stdout: withPreset(withConfig(applied, JSON.stringify(cfg)), preset, groups) })
const edit = (f: (c: Cfg) => void) => {
  const c = appliedConfig()
  f(c)
  return c
}

describe('evaluateToolPolicy (the lab\'s applied state, changed one fact at a time)', () => {
  it('passes the applied messaging state and names every fact it judged', () => {
    const v = judge(appliedConfig())
    expect(v.status, v.summary).toBe('pass')
    expect(v.evidence).toEqual(expect.arrayContaining(['preset messaging', 'tools.elevated.enabled = false', 'tools.exec.mode = "deny"', 'tools.fs.workspaceOnly = true', 'tools.profile = "messaging"']))
  })

  it('fails exec full (mode, legacy security, or an agent entry), elevated on or wildcarded, fs outside the workspace, a missing deny entry', () => {
    const cases: [string, (c: Cfg) => void, RegExp][] = [
      ['exec.mode full', (c) => (c.tools.exec = { mode: 'full' }), /tools\.exec\.mode is "full"/],
      ['legacy exec.security full', (c) => (c.tools.exec = { security: 'full' }), /tools\.exec\.security is "full"/],
      ['an agent with exec full', (c) => (c.agents = { ...c.agents, entries: { helper: { tools: { exec: { mode: 'full' } } } } }), /agent "helper" runs commands with exec security "full"/],
      ['elevated unset (OpenClaw\'s default is on)', (c) => delete c.tools.elevated, /tools\.elevated\.enabled is unset/],
      ['elevated allowFrom "*"', (c) => (c.tools.elevated = { enabled: false, allowFrom: { telegram: ['*'] } }), /tools\.elevated\.allowFrom\.telegram holds "\*"/],
      ['fs.workspaceOnly false', (c) => (c.tools.fs = { workspaceOnly: false }), /tools\.fs\.workspaceOnly is false, not true/],
      ['no group:web in deny', (c) => (c.tools.deny = c.tools.deny.filter((d) => d !== 'group:web')), /tools\.deny lacks group:web/],
      ['profile full', (c) => (c.tools.profile = 'full'), /tools\.profile is "full", not "messaging"/],
      ['messaging with exec ask', (c) => (c.tools.exec = { mode: 'ask' }), /tools\.exec\.mode is "ask", not "deny"/],
    ]
    for (const [what, f, why] of cases) {
      const v = judge(edit(f))
      expect(v.status, what).toBe('fail')
      expect(v.summary, what).toMatch(why)
    }
  })

  it('still passes with more deny entries (any case), and the narrower minimal profile', () => {
    expect(judge(edit((c) => (c.tools.deny = [...c.tools.deny.map((d) => d.toUpperCase()), 'group:nodes']))).status).toBe('pass')
    expect(judge(edit((c) => (c.tools.profile = 'minimal'))).status).toBe('pass')
  })

  it('coding in the sandbox: passes only with agents.defaults.sandbox.mode "all" read from the file, and no agent outside it', () => {
    const coding = (sandbox: unknown, entries?: unknown) =>
      edit((c) => {
        c.tools = { ...c.tools, ...presetPatch(presetFor('coding-sandbox')!).tools, exec: { mode: 'ask' } }
        c.agents = { ...c.agents, defaults: { ...c.agents?.defaults, ...(sandbox === undefined ? {} : { sandbox }) }, ...(entries ? { entries } : {}) }
      })
    expect(judge(coding({ mode: 'all' }), 'coding-sandbox').status).toBe('pass')
    const off = judge(coding(undefined), 'coding-sandbox')
    expect(off).toMatchObject({ status: 'fail', summary: expect.stringMatching(/agents\.defaults\.sandbox\.mode is unset, not "all"/) })
    expect(judge(coding({ mode: 'non-main' }), 'coding-sandbox').status).toBe('fail')
    // Commands are allowed here, but never with full trust.
    const full = coding({ mode: 'all' })
    full.tools.exec = { mode: 'full' }
    expect(judge(full, 'coding-sandbox')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^tools\.exec\.mode is "full", not anything but "full"\.$/) })
    expect(judge(coding({ mode: 'all' }, { trusted: { sandbox: { mode: 'off' } } }), 'coding-sandbox')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/agent "trusted" has its own sandbox mode "off"/) })
    // The same file judged as messaging fails: coding's profile and deny list are not messaging's.
    expect(judge(coding({ mode: 'all' }), 'messaging').status).toBe('fail')
  })

  it('custom: the chosen groups must be denied; a saved choice that is not valid is an error, not a verdict', () => {
    const custom = edit((c) => (c.tools = { ...c.tools, ...presetPatch(presetFor('custom', 'group:web,group:ui')!).tools, exec: { mode: 'ask' } }))
    expect(judge(custom, 'custom', 'group:web,group:ui').status).toBe('pass')
    expect(judge(custom, 'custom', 'group:web,group:runtime')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/tools\.deny lacks group:runtime/) })
    expect(judge(custom, 'custom', 'group:bogus')).toMatchObject({ status: 'error', summary: expect.stringMatching(/Choose the preset again/) })
    expect(judge(custom, 'invalid')).toMatchObject({ status: 'error' })
    expect(toolPolicy.evaluate({ exitCode: 0, stdout: '' })).toMatchObject({ status: 'error' })
  })
})

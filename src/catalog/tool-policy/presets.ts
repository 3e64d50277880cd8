/**
 * The tool-policy presets as data (OpenClaw 2026.9.6; shared/notes/openclaw-catalogue.md "Layer 4: tool policy", and the
 * installed package's docs/gateway/config-tools/tool-policy.md). The scripts, the evaluator and the table in the step's
 * "why" are all made from this file.
 */

export type PresetId = 'messaging' | 'coding-sandbox' | 'custom'
export type ToolProfile = 'minimal' | 'coding' | 'messaging' | 'full'
export type ExecMode = 'deny' | 'allowlist' | 'ask' | 'auto' | 'full'

/** The groups the custom preset may deny (OpenClaw's own group names; `tools.deny` does not validate them itself). */
export const TOOL_GROUPS = [
  'group:runtime',
  'group:fs',
  'group:web',
  'group:ui',
  'group:automation',
  'group:sessions',
  'group:memory',
  'group:messaging',
  'group:nodes',
  'group:agents',
  'group:media',
  'group:plugins',
] as const
export type ToolGroup = (typeof TOOL_GROUPS)[number]

/** What each group holds (tool-policy.md of the installed package), for the table and for "is this tool denied". */
export const GROUP_TOOLS: Readonly<Record<ToolGroup, readonly string[]>> = {
  'group:runtime': ['exec', 'process', 'code_execution'],
  'group:fs': ['read', 'write', 'edit', 'apply_patch'],
  'group:web': ['web_search', 'x_search', 'web_fetch'],
  'group:ui': ['browser', 'screen', 'theme', 'dashboard', 'terminal', 'portal', 'canvas', 'show_widget'],
  'group:automation': ['heartbeat_respond', 'automations', 'gateway', 'plugins', 'openclaw'],
  'group:sessions': ['sessions', 'sessions_list', 'sessions_history', 'sessions_search', 'conversations_list', 'conversations_send', 'conversations_turn', 'sessions_send', 'sessions_spawn', 'sessions_yield', 'subagents', 'session_status', 'suggest_task', 'dismiss_task'],
  'group:memory': ['memory_search', 'memory_get'],
  'group:messaging': ['message'],
  'group:nodes': ['nodes', 'computer'],
  'group:agents': ['agents_list', 'get_goal', 'create_goal', 'update_goal', 'progress_card', 'ask_user', 'skill_workshop'],
  'group:media': ['view_image', 'image_generate', 'music_generate', 'video_generate', 'tts', 'pdf'],
  'group:plugins': [],
}

/** The core tools each profile selects (tool-policy.md), expanded; `full` filters nothing. */
const PROFILE_TOOLS: Readonly<Record<Exclude<ToolProfile, 'full'>, readonly string[]>> = {
  minimal: ['session_status', 'gateway'],
  coding: [...GROUP_TOOLS['group:fs'], ...GROUP_TOOLS['group:runtime'], ...GROUP_TOOLS['group:web'], ...GROUP_TOOLS['group:sessions'], ...GROUP_TOOLS['group:memory'], 'automations', 'gateway', 'get_goal', 'create_goal', 'update_goal', 'progress_card', 'ask_user', 'skill_workshop', 'view_image', 'image_generate', 'music_generate', 'video_generate', 'theme'],
  messaging: ['message', 'sessions', 'sessions_list', 'sessions_history', 'sessions_search', 'conversations_list', 'conversations_send', 'conversations_turn', 'sessions_send', 'sessions_spawn', 'sessions_yield', 'subagents', 'session_status', 'gateway', 'ask_user', 'theme'],
}

export interface Preset {
  readonly id: PresetId
  readonly label: string
  readonly summary: string
  readonly profile: ToolProfile
  /** tools.deny exactly as written (the check wants at least these entries). */
  readonly deny: readonly string[]
  /**
   * tools.exec.mode. OpenClaw 2026.9.6 refuses a mode combined with the legacy tools.exec.security or tools.exec.ask in
   * the same object ("mode cannot be combined with security or ask"), so the patch also deletes those two (null).
   */
  readonly execMode: Exclude<ExecMode, 'full'>
  /** Needs agents.defaults.sandbox.mode "all" on the machine (the sandbox-docker step). */
  readonly needsSandboxAll: boolean
}

const MESSAGING: Preset = {
  id: 'messaging',
  label: 'Messaging assistant (recommended)',
  summary: 'Chat and sessions only: no commands, no files, no web, no browser, no automation.',
  profile: 'messaging',
  deny: ['group:automation', 'group:runtime', 'group:fs', 'group:web', 'browser', 'sessions_spawn', 'sessions_send'],
  execMode: 'deny',
  needsSandboxAll: false,
}

const CODING_SANDBOX: Preset = {
  id: 'coding-sandbox',
  label: 'Coding in the sandbox',
  summary: 'The coding tools (files, commands with approval), only while every session runs in the Docker sandbox (mode "all"); no web, browser, automation or device control.',
  profile: 'coding',
  deny: ['group:automation', 'group:web', 'browser', 'group:nodes'],
  execMode: 'ask',
  needsSandboxAll: true,
}

/** The custom preset's fixed part; `deny` is the groups the person picks. */
export const CUSTOM_BASE: Omit<Preset, 'deny' | 'execMode'> = {
  id: 'custom',
  label: 'Custom: choose the groups to deny',
  summary: 'The coding profile minus the groups you choose; commands need approval, or are off when you deny group:runtime.',
  profile: 'coding',
  needsSandboxAll: false,
}

export const PRESET_IDS: readonly PresetId[] = ['messaging', 'coding-sandbox', 'custom']

/** The custom groups input as the scripts get it: one comma-separated list. Null when it names a group not in TOOL_GROUPS. */
export function parseGroups(value: string): ToolGroup[] | null {
  const items = value.split(/[\s,]+/).filter((s) => s !== '')
  if (items.length === 0) return null
  if (!items.every((g): g is ToolGroup => (TOOL_GROUPS as readonly string[]).includes(g))) return null
  return [...new Set(items)] as ToolGroup[]
}

/** Why `value` is not a valid groups list, or null. */
export function groupsProblem(value: string): string | null {
  const items = value.split(/[\s,]+/).filter((s) => s !== '')
  if (items.length === 0) return 'Choose at least one group to deny.'
  const bad = items.filter((g) => !(TOOL_GROUPS as readonly string[]).includes(g))
  if (bad.length > 0) return `Not a tool group: ${bad.map((b) => JSON.stringify(b.slice(0, 40))).join(', ')}. Choose from: ${TOOL_GROUPS.join(', ')}.`
  return null
}

/** The preset as written, for a preset id (and the custom groups). Null for an unknown id or bad groups. */
export function presetFor(id: string, groups = ''): Preset | null {
  if (id === 'messaging') return MESSAGING
  if (id === 'coding-sandbox') return CODING_SANDBOX
  if (id !== 'custom') return null
  const deny = parseGroups(groups)
  if (!deny) return null
  const noExec = deny.includes('group:runtime')
  return { ...CUSTOM_BASE, deny, execMode: noExec ? 'deny' : 'ask' }
}

/**
 * The JSON patch the apply writes: the same keys for every preset, so switching presets overwrites them all; null deletes
 * the legacy exec keys that OpenClaw refuses next to a mode (absent already on most machines: then nothing changes there).
 */
export function presetPatch(p: Preset): { tools: { profile: ToolProfile; deny: string[]; exec: { mode: ExecMode; security: null; ask: null }; fs: { workspaceOnly: true } } } {
  return { tools: { profile: p.profile, deny: [...p.deny], exec: { mode: p.execMode, security: null, ask: null }, fs: { workspaceOnly: true } } }
}

/** True when `tool` is denied by one of `deny`'s entries (a tool id or a group holding it). */
export function deniedBy(deny: readonly string[], tool: string): boolean {
  return deny.some((d) => d === tool || (GROUP_TOOLS[d as ToolGroup]?.includes(tool) ?? false))
}

/** True when the preset's profile and deny list leave `tool` available. */
export function allows(p: Pick<Preset, 'profile' | 'deny' | 'execMode'>, tool: string): boolean {
  if (deniedBy(p.deny, tool)) return false
  if (tool === 'exec' && p.execMode === 'deny') return false
  return p.profile === 'full' || PROFILE_TOOLS[p.profile].includes(tool)
}

/** The native-npm guide's risk levels (section 10, Layer 3), with the 2026.9.6 tool id where it differs. */
export const RISK_ROWS: readonly { readonly tool: string; readonly shown: string; readonly risk: 'high' | 'medium' | 'low' }[] = [
  { tool: 'exec', shown: 'exec (shell commands)', risk: 'high' },
  { tool: 'browser', shown: 'browser', risk: 'high' },
  { tool: 'web_fetch', shown: 'web_fetch', risk: 'high' },
  { tool: 'write', shown: 'write', risk: 'medium' },
  { tool: 'edit', shown: 'edit', risk: 'medium' },
  { tool: 'apply_patch', shown: 'apply_patch', risk: 'medium' },
  { tool: 'read', shown: 'read', risk: 'low' },
  { tool: 'view_image', shown: 'image (view_image in 2026.9.6)', risk: 'low' },
]

/** The fixed presets, for the table (custom depends on the person's choice). */
export const FIXED_PRESETS: readonly Preset[] = [MESSAGING, CODING_SANDBOX]

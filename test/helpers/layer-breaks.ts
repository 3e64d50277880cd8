import { expect, it } from 'vitest'
import { STEPS } from '../../src/catalog'
import type { Lab } from '../lab/lab'
import { gatewaySteadyScript } from './gateway-steady'
import { accountSh, rootSh } from './full-run'

export interface LayerBreakContext {
  readonly lab: Lab
  /** the OpenClaw account and its home */
  readonly user: string
  readonly home: string
  /** the built CLI's `verify` on this target; its stdout */
  readonly verify: () => string
}

/** One layer broken by hand, the way a person (or a careless tutorial) does it, and mended by hand again. */
interface LayerBreak {
  readonly what: string
  /** the step whose check must fail, and the checklist item behind it */
  readonly step: string
  readonly item: string
  /** the checkIds OpenClaw's deep audit adds for this break (measured on 2026.9.6), and their severity */
  readonly audit: Readonly<Record<string, 'critical' | 'warn' | 'info'>>
  readonly make: (c: LayerBreakContext) => Promise<unknown>
  readonly unmake: (c: LayerBreakContext) => Promise<unknown>
}

const STEP_IDS = new Set([...STEPS.map((s) => s.meta.id), 'openclaw-audit'])

/** A shell command as the OpenClaw account, as `sudo -u openclaw -H bash` gives it (full-run.ts accountSh). */
const asAccount = (c: LayerBreakContext, script: string, input?: string): Promise<string> => accountSh(c.lab, c.user, script, { home: c.home, ...(input === undefined ? {} : { input }) })
const ocSet = (key: string, value: string) => (c: LayerBreakContext) => asAccount(c, `openclaw config set ${key} ${value} >/dev/null`)
const ocPatch = (patch: string) => (c: LayerBreakContext) => asAccount(c, 'openclaw config patch --stdin >/dev/null', patch)

/** The five breaks of issue 11's "Done when". The audit adds nothing for a break it does not see (it does not know Docker). */
function breaks(telegramId: string): LayerBreak[] {
  return [
    {
      what: 'openclaw config set channels.telegram.dmPolicy open',
      step: 'channel-allowlist',
      item: 'channel-allowlist',
      audit: {},
      make: ocSet('channels.telegram.dmPolicy', 'open'),
      unmake: ocSet('channels.telegram.dmPolicy', 'allowlist'),
    },
    {
      what: 'an empty channels.telegram.allowFrom (config patch)',
      step: 'channel-allowlist',
      item: 'channel-allowlist',
      audit: {},
      make: ocPatch('{channels:{telegram:{allowFrom:[]}}}'),
      unmake: ocPatch(`{channels:{telegram:{allowFrom:["${telegramId}"]}}}`),
    },
    {
      what: 'openclaw config set tools.exec.mode full',
      step: 'tool-policy',
      item: 'tool-policy',
      audit: { 'tools.exec.security_full_configured': 'warn' },
      make: ocSet('tools.exec.mode', 'full'),
      unmake: ocSet('tools.exec.mode', 'deny'),
    },
    {
      what: 'openclaw config set agents.defaults.sandbox.docker.network bridge',
      step: 'sandbox-docker',
      item: 'sandbox-no-network',
      audit: {},
      make: ocSet('agents.defaults.sandbox.docker.network', 'bridge'),
      unmake: ocSet('agents.defaults.sandbox.docker.network', 'none'),
    },
    {
      what: 'dockerd stopped (systemctl stop docker.socket docker.service)',
      step: 'sandbox-docker',
      item: 'sandbox-no-network',
      audit: {},
      make: (c) => rootSh(c.lab, 'systemctl stop docker.socket docker.service'),
      unmake: (c) => rootSh(c.lab, 'systemctl start docker.socket docker.service && timeout 60 docker info >/dev/null'),
    },
  ]
}

export interface Verdicts {
  /** step id → PASS, FAIL, …; item id → the same (the checklist's lines) */
  readonly steps: Record<string, string>
  readonly items: Record<string, string>
  readonly lines: Record<string, string>
  /** the deep audit's findings: checkId → severity */
  readonly audit: Record<string, string>
}

/** The verdicts `verify` printed: each step's, each checklist item's, and the deep audit's findings. */
export function parseVerify(out: string): Verdicts {
  const steps: Record<string, string> = {}
  const items: Record<string, string> = {}
  const lines: Record<string, string> = {}
  const audit: Record<string, string> = {}
  const checklistAt = out.indexOf('\nChecklist (')
  const head = checklistAt < 0 ? out : out.slice(0, checklistAt)
  for (const m of head.matchAll(/^([A-Z-]+)\s+([a-z0-9-]+)\s{2}(.*)$/gm)) {
    const id = m[2] ?? ''
    if (!STEP_IDS.has(id) || id in steps) continue
    steps[id] = m[1] ?? ''
    lines[id] = m[0]
  }
  for (const m of out.slice(Math.max(0, checklistAt)).matchAll(/^([A-Z][A-Z -]*?)\s+([a-z0-9-]+)\s+(.*)$/gm)) {
    const id = m[2] ?? ''
    if (!(id in items)) items[id] = (m[1] ?? '').trim()
    lines[`item ${id}`] = m[0]
  }
  for (const m of head.matchAll(/^\s+(critical|warn|info) ([\w.*-]+): /gm)) audit[m[2] ?? ''] = m[1] ?? ''
  return { steps, items, lines, audit }
}

/**
 * After a full run with the layer steps: each layer broken by hand makes exactly its step and its checklist item fail,
 * plus OpenClaw's audit item where the audit also reports the break (a critical finding); every other step keeps its
 * verdict. Each break is mended by hand before the next; the test after the loop sees every item pass again.
 */
export function describeLayerBreaks(ctx: () => LayerBreakContext, telegramId: string): void {
  let hardened: Verdicts | undefined
  it('before the breaks: verify reads every layer step and its item as passing', async () => {
    const c = ctx()
    await asAccount(c, gatewaySteadyScript('loopback'))
    hardened = parseVerify(c.verify())
    for (const b of breaks(telegramId)) {
      expect(hardened.steps[b.step], hardened.lines[b.step]).toBe('PASS')
      expect(hardened.items[b.item], hardened.lines[`item ${b.item}`]).toBe('PASS')
    }
    expect(hardened.steps['openclaw-audit']).toBe('PASS')
  }, 900_000)

  for (const b of breaks(telegramId)) {
    it(`broken by hand (${b.what}): ${b.step} and the item ${b.item} fail, the audit adds ${Object.keys(b.audit).join(', ') || 'nothing'}, every other step keeps its verdict`, async () => {
      const c = ctx()
      const was = hardened
      expect(was).toBeDefined()
      if (!was) return
      await b.make(c)
      let now: Verdicts
      try {
        await asAccount(c, gatewaySteadyScript('loopback'))
        now = parseVerify(c.verify())
      } finally {
        await b.unmake(c)
      }
      expect(now.steps[b.step], now.lines[b.step]).toBe('FAIL')
      expect(now.items[b.item], now.lines[`item ${b.item}`]).toBe('FAIL')
      const added = Object.fromEntries(Object.entries(now.audit).filter(([id]) => !(id in was.audit)))
      expect(added, 'the checkIds the deep audit added').toEqual(b.audit)
      const critical = Object.values(b.audit).includes('critical')
      expect(now.steps['openclaw-audit'], now.lines['openclaw-audit']).toBe(critical ? 'FAIL' : 'PASS')
      // audit-fresh follows any config edit by hand (the verify pass re-records it); it is not a layer's verdict.
      const others = Object.keys(was.steps).filter((id) => id !== b.step && id !== 'audit-fresh' && id !== 'openclaw-audit')
      expect(others.filter((id) => now.steps[id] !== was.steps[id]).map((id) => `was ${was.steps[id] ?? '?'}: ${now.lines[id] ?? id}`)).toEqual([])
    }, 900_000)
  }

  it('mended by hand: every step has its verdict from before the breaks back', async () => {
    const c = ctx()
    const was = hardened
    expect(was).toBeDefined()
    if (!was) return
    await asAccount(c, gatewaySteadyScript('loopback'))
    const back = parseVerify(c.verify())
    expect(Object.keys(was.steps).filter((id) => id !== 'audit-fresh' && back.steps[id] !== was.steps[id]).map((id) => `was ${was.steps[id] ?? '?'}: ${back.lines[id] ?? id}`)).toEqual([])
  }, 900_000)
}

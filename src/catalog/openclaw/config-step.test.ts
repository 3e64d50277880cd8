import { describe, expect, it } from 'vitest'
import { ocConfigLines } from '../../../test/helpers/openclaw-facts'
import { nestedPatch, openclawConfigStep, type OpenClawConfigStepOptions } from './config-step'

const BASE: OpenClawConfigStepOptions = { id: 'demo-step', layer: 3, title: 'Demo', rationale: 'r', warnings: [], targets: ['ssh'], set: { 'discovery.mdns.mode': 'off' }, source: '// the demo step' }

function facts(config: unknown, opts: { version?: string; account?: string } = {}): string {
  return [
    '### oc-account',
    ...(opts.account ? [opts.account] : ['user ocss', 'uid 1000', 'home /home/ocss']),
    '### oc-version',
    opts.version ?? '2026.9.6',
    '### oc-config',
    ...(config === undefined ? ['absent'] : ocConfigLines(JSON.stringify(config))),
    '### oc-paths',
    'd|700|ocss|.',
    '### oc-listen',
    '### oc-secrets',
    'none',
    '### oc-unit',
    'no-bus',
    'linger no',
  ].join('\n')
}

describe('openclawConfigStep: the template', () => {
  const step = openclawConfigStep(BASE)

  it('generates scripts that show what runs: every helper written in, the patch in the text, the account as actor', () => {
    for (const s of Object.values(step.scripts)) {
      expect(s).not.toMatch(/^# @include/m)
      expect(s.startsWith('#!/bin/bash\n')).toBe(true)
    }
    expect(step.scripts.apply).toContain(`ocss_oc_patch demo-step <<'OCSS_PATCH'\n{"discovery":{"mdns":{"mode":"off"}}}\nOCSS_PATCH\n`)
    expect(step.scripts.apply).toContain('ocss_oc_audit')
    expect(step.scripts.apply).toContain('runuser -u "$user" -- env -i')
    expect(step.scripts.check).toMatch(/\nocss_oc_facts\n$/)
    expect(step.scripts.check).toContain('#   discovery.mdns.mode = "off"')
    expect(step.scripts.undo).toContain('ocss_oc_undo demo-step')
    expect(step.meta).toMatchObject({ actor: 'openclaw', requires: [{ step: 'openclaw-onboard', why: 'OpenClaw must be installed and onboarded first.' }], effects: [] })
    // The gateway restarts only for keys that need it.
    expect(step.scripts.apply).not.toContain('\n  ocss_oc_restart_gateway ')
    const bind = openclawConfigStep({ ...BASE, set: { 'gateway.bind': 'loopback' } })
    expect(bind.scripts.apply).toContain("\n  ocss_oc_restart_gateway 'Restarting the gateway so that it runs with this setting'\n")
    expect(bind.meta.effects).toEqual(['restart-gateway'])
  })

  it('judges the file and OpenClaw\'s defaults: unset reads as the default, a set value as itself', () => {
    expect(step.evaluate({ exitCode: 0, stdout: facts(undefined) })).toMatchObject({ status: 'fail', summary: 'discovery.mdns.mode is unset (default "minimal"), not "off".' })
    expect(step.evaluate({ exitCode: 0, stdout: facts({ discovery: { mdns: { mode: 'full' } } }) })).toMatchObject({ status: 'fail' })
    const pass = step.evaluate({ exitCode: 0, stdout: facts({ discovery: { mdns: { mode: 'off' } } }) })
    expect(pass).toMatchObject({ status: 'pass' })
    expect(pass.evidence).toEqual(['OpenClaw 2026.9.6 for ocss; openclaw.json read', 'discovery.mdns.mode = "off" (in openclaw.json)'])
    const byDefault = openclawConfigStep({ ...BASE, set: { 'gateway.bind': 'loopback' } })
    expect(byDefault.evaluate({ exitCode: 0, stdout: facts({}) }).status).toBe('pass')
  })

  it('cannot judge without the account, OpenClaw or a readable config, and says what to do', () => {
    expect(step.evaluate({ exitCode: 0, stdout: facts({}, { account: 'missing openclaw' }) })).toMatchObject({ status: 'error', summary: expect.stringMatching(/no account "openclaw".*OpenClaw account/) })
    expect(step.evaluate({ exitCode: 0, stdout: facts({}, { version: 'not-installed' }) })).toMatchObject({ status: 'error', summary: expect.stringMatching(/not installed for ocss/) })
    expect(step.evaluate({ exitCode: 0, stdout: '### oc-account\nuser ocss\nuid 1000\nhome /h\n### oc-version\n2026.9.6\n### oc-config\n' + ocConfigLines('{} {\n').join('\n') + '\n' })).toMatchObject({ status: 'error' })
    expect(step.evaluate({ exitCode: 0, stdout: '### oc-account\nuser ocss\nuid 1000\nhome /h\n### oc-version\n2026.9.6\n### oc-config\nsymlink\n' })).toMatchObject({ status: 'fail' })
    expect(step.evaluate({ exitCode: 1, stdout: '' })).toMatchObject({ status: 'error', summary: 'The check printed nothing usable.' })
  })

  it('adds the verify rules\' problems and evidence', () => {
    const s = openclawConfigStep({ ...BASE, verify: (f) => ({ problems: f.unit.linger ? [] : ['linger is off'], evidence: [`linger: ${String(f.unit.linger)}`] }) })
    const v = s.evaluate({ exitCode: 0, stdout: facts({ discovery: { mdns: { mode: 'off' } } }) })
    expect(v).toMatchObject({ status: 'fail', summary: 'linger is off.' })
    expect(v.evidence).toContain('linger: false')
  })

  it('refuses keys outside the registry, secrets and values the key does not take', () => {
    expect(() => openclawConfigStep({ ...BASE, set: { 'logging.redactSensitive': 'tools' } as never })).toThrow(/not in OPENCLAW_KEYS/)
    expect(() => openclawConfigStep({ ...BASE, set: { 'gateway.auth.token': { source: 'store', provider: 'default', id: 'X' } } })).toThrow(/is a secret/)
    expect(() => openclawConfigStep({ ...BASE, set: { 'gateway.bind': '0.0.0.0' } })).toThrow(/does not fit/)
    expect(() => openclawConfigStep({ ...BASE, set: {} })).toThrow(/names no key/)
  })

  it('nests dotted keys into one patch', () => {
    expect(nestedPatch({ 'gateway.bind': 'loopback', 'gateway.trustedProxies': ['127.0.0.1'], 'tools.elevated.enabled': false })).toEqual({ gateway: { bind: 'loopback', trustedProxies: ['127.0.0.1'] }, tools: { elevated: { enabled: false } } })
  })
})

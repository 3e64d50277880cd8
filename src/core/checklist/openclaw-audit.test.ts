import { describe, expect, it } from 'vitest'
import { AUDIT_CHECK_VERSION, AUDIT_SCRIPT, AUDIT_STEP_ID, evaluateAudit, interruptedAudit } from './openclaw-audit'
import { AppError } from '../app-error'
import { currentCheckVersions } from './checklist-inputs'
import { itemById } from '../../checklist/items'

const report = (critical: number, extra: object[] = []) =>
  JSON.stringify({
    ts: 1,
    summary: { critical, warn: 1, info: 1 },
    findings: [
      { checkId: 'summary.attack_surface', severity: 'info', title: 'Attack surface summary', detail: 'x' },
      ...(critical > 0 ? [{ checkId: 'gateway.loopback_no_auth', severity: 'critical', title: 'Gateway auth missing on loopback' }] : []),
      { checkId: 'gateway.probe_failed', severity: 'warn', title: 'Gateway probe failed (deep)' },
      ...extra,
    ],
  })

const PROGRAM = 'ocss-audit bin /usr/local/bin/openclaw\nocss-audit real /usr/local/lib/node_modules/openclaw/openclaw.mjs\nocss-audit stat root 755\n'
const out = (body: string, rc = 0) => `${PROGRAM}ocss-audit run\n${body}\nocss-audit rc ${rc}\n`

describe("OpenClaw's own audit as the check behind 'vm-openclaw-audit'", () => {
  it('is the step the audit item maps to, and has a current version (so the item is never "not set up yet")', () => {
    const item = itemById('vm-openclaw-audit')
    expect(item?.check).toEqual({ kind: 'steps', stepIds: [AUDIT_STEP_ID] })
    expect(currentCheckVersions()[AUDIT_STEP_ID]).toBe(AUDIT_CHECK_VERSION)
    expect(AUDIT_SCRIPT).toContain('openclaw security audit --deep --json')
  })

  it('0 critical → pass, with the counts and findings as evidence, critical first', () => {
    const r = evaluateAudit({ exitCode: 0, stdout: out(report(0)), stderr: '' }, 'ocss@h')
    expect(r.status).toBe('pass')
    expect(r.summary).toMatch(/0 critical/)
    expect(r.evidence[0]).toBe('openclaw security audit --deep --json: critical=0 warn=1 info=1')
    expect(r.checkVersion).toBe(AUDIT_CHECK_VERSION)
  })

  it('a critical finding → fail naming its check id, listed first in the evidence', () => {
    const r = evaluateAudit({ exitCode: 0, stdout: out(report(1)), stderr: '' }, 'ocss@h')
    expect(r.status).toBe('fail')
    expect(r.summary).toContain('gateway.loopback_no_auth')
    expect(r.evidence[2]).toBe('critical gateway.loopback_no_auth: Gateway auth missing on loopback')
    expect(r.summary).toContain('self-reported by the OpenClaw account')
  })

  it('says it is self-reported, and names the program that answered (real path, owner, mode)', () => {
    const r = evaluateAudit({ exitCode: 0, stdout: out(report(0)), stderr: '' }, 'ocss@h')
    expect(r.summary).toBe("OpenClaw's deep audit reports 0 critical findings (1 warning(s), 1 info); self-reported by the OpenClaw account (program /usr/local/lib/node_modules/openclaw/openclaw.mjs, owner root).")
    expect(r.evidence[1]).toBe('openclaw program: /usr/local/bin/openclaw -> /usr/local/lib/node_modules/openclaw/openclaw.mjs (owner root, mode 755)')
    const own = evaluateAudit({ exitCode: 0, stdout: `ocss-audit bin /home/ocss/.local/bin/openclaw\nocss-audit real /home/ocss/.local/bin/openclaw\nocss-audit stat ocss 755\nocss-audit run\n${report(0)}\nocss-audit rc 0\n`, stderr: '' }, 'ocss@h')
    expect(own.evidence[1]).toBe('openclaw program: /home/ocss/.local/bin/openclaw (owner ocss, mode 755)')
    const unknown = evaluateAudit({ exitCode: 0, stdout: `ocss-audit run\n${report(0)}\nocss-audit rc 0\n`, stderr: '' }, 'ocss@h')
    expect(unknown.evidence[1]).toBe('openclaw program: ? (owner ?, mode ?)')
    expect(itemById('vm-openclaw-audit')?.caveat).toBe('Self-reported by the OpenClaw account')
  })

  it('no openclaw command → error with what to do, never pass', () => {
    const r = evaluateAudit({ exitCode: 0, stdout: 'ocss-audit no-cli\n', stderr: '' }, 'ocss@h')
    expect(r.status).toBe('error')
    expect(r.summary).toMatch(/not installed .* Install OpenClaw/)
  })

  it.each([
    ['garbage output', out('Error: config invalid', 1)],
    ['a timeout', out('', 124)],
    ['JSON without a summary', out('{"findings": []}')],
    ['truncated JSON', out('{"summary": {"critical": 0, "warn"')],
  ])('%s → error, never pass', (_n, stdout) => {
    const r = evaluateAudit({ exitCode: 0, stdout, stderr: 'boom OPENCLAW_GATEWAY_TOKEN=abcdefabcdefabcdefabcdefabcdef0123456789' }, 'ocss@h')
    expect(r.status).toBe('error')
    expect(r.evidence.join('\n')).not.toContain('abcdefabcdefabcdef')
  })

  it('redacts a secret that a finding title carries', () => {
    const secret = 'sk-ant-api03-' + 'Z'.repeat(40)
    const r = evaluateAudit({ exitCode: 0, stdout: out(report(1, [{ checkId: 'x.y', severity: 'warn', title: `key ${secret} in config` }])), stderr: '' }, 'h')
    expect(JSON.stringify(r)).not.toContain(secret)
  })

  it('a dropped connection makes the audit read interrupted', () => {
    const r = interruptedAudit(new AppError('CONNECTION_FAILED', 'The connection ended.', 'x'))
    expect(r.status).toBe('interrupted')
    expect(r.stepId).toBe(AUDIT_STEP_ID)
  })

  it('shows each finding with its remediation on a line of its own, and names the audited account', () => {
    const body = report(0, [{ checkId: 'fs.config.perms_group_readable', severity: 'warn', title: 'Config file is group-readable', remediation: 'chmod 600\n /home/openclaw/.openclaw/openclaw.json' }])
    const r = evaluateAudit({ exitCode: 0, stdout: out(body), stderr: '' }, { account: 'openclaw', line: 'audited account: openclaw (the OpenClaw account)' })
    expect(r.evidence[2]).toBe('audited account: openclaw (the OpenClaw account)')
    const i = r.evidence.indexOf('warn fs.config.perms_group_readable: Config file is group-readable')
    expect(i).toBeGreaterThan(2)
    expect(r.evidence[i + 1]).toBe('  fix: chmod 600 /home/openclaw/.openclaw/openclaw.json')
    // A finding without a remediation has no fix line.
    expect(r.evidence[r.evidence.indexOf('warn gateway.probe_failed: Gateway probe failed (deep)') + 1]).not.toMatch(/fix:/)
  })
})

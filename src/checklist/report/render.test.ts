import { describe, expect, it } from 'vitest'
import type { CheckRecord } from '../../shared/step'
import { CHECKLIST_ITEMS } from '../items'
import { buildReport, renderReport, REPORT_FORMATS, type ReportInputs } from './render'

const CANARY = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'
const V = 'aaaaaaaaaaaa'
const HOSTILE = '<script>alert(1)</script> | `x` **b**'

function rec(status: CheckRecord['status'], evidence: string[], summary = 'ok'): CheckRecord {
  return { stepId: 'ufw-firewall', status, summary, evidence, checkedAt: '2026-09-19T10:00:00.000Z', checkVersion: V }
}

function inputs(over: Partial<ReportInputs> = {}): ReportInputs {
  return {
    appVersion: '0.1.0',
    targetLabel: 'ocss@10.0.0.2:2222',
    items: CHECKLIST_ITEMS,
    kind: 'ssh',
    records: {
      'ufw-firewall': rec('fail', ['Status: inactive', `OPENCLAW_GATEWAY_TOKEN=${CANARY}`, `{"apiKey": "${CANARY}"}`, 'a ``` fence', HOSTILE], `leaked Bearer ${CANARY}`),
    },
    currentVersions: { 'ufw-firewall': V },
    confirmations: { 'spend-cap': { itemId: 'spend-cap', by: HOSTILE, at: '2026-09-01T00:00:00.000Z', note: `password: ${CANARY}` } },
    waivers: {},
    now: new Date('2026-09-20T12:00:00Z'),
    ...over,
  }
}

describe('report', () => {
  const report = buildReport(inputs())

  it('carries every item with its state, the target label, the app version and the last check time', () => {
    expect(report.rows).toHaveLength(CHECKLIST_ITEMS.length)
    expect(report.rows.find((r) => r.item.id === 'ufw-default-deny')?.state.status).toBe('fail')
    expect(report.rows.find((r) => r.item.id === 'spend-cap')?.state.status).toBe('confirmed')
    expect(report.lastCheckedAt).toBe('2026-09-19T10:00:00.000Z')
    expect(report.counts.fail).toBe(1)
  })

  it.each(REPORT_FORMATS)('%s: the canary secret never appears, the redaction marker does', (format) => {
    const text = renderReport(report, format)
    expect(text).not.toContain(CANARY)
    expect(text).not.toContain('c4n4ry')
    expect(text).toContain('[REDACTED]')
  })

  it.each(REPORT_FORMATS)('%s: OpenClaw\'s audit item says it is self-reported by the OpenClaw account', (format) => {
    const text = renderReport(report, format).replace(format === 'md' ? /\\(.)/g : /$^/, '$1') // Markdown escapes "-"
    expect(text.match(/self-reported by the OpenClaw account/gi)?.length).toBeGreaterThanOrEqual(format === 'json' ? 1 : 2)
    if (format === 'html') expect(text).toContain('data-testid="report-caveat-vm-openclaw-audit"><b>Self-reported by the OpenClaw account.</b>')
    if (format === 'md') expect(text).toMatch(/^\| \u2013 \| OpenClaw's own audit: 0 critical \(self-reported by the OpenClaw account\) \|/m)
    if (format === 'json') expect((JSON.parse(text) as { items: { id: string; caveat?: string }[] }).items.find((i) => i.id === 'vm-openclaw-audit')?.caveat).toBe('Self-reported by the OpenClaw account')
  })

  it('html: standalone and printable, one row and one section per item, everything escaped', () => {
    const html = renderReport(report, 'html')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('@media print')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    for (const item of CHECKLIST_ITEMS) expect(html).toContain(`data-item="${item.id}"`)
    expect(html.match(/<section class="item"/g)).toHaveLength(CHECKLIST_ITEMS.length)
    expect(html).toContain('data-status="not-set-up"')
    expect(html).toContain('0.1.0')
    expect(html).toContain('ocss@10.0.0.2:2222')
  })

  it('markdown: one table row per item, cell text cannot break the table or open markup, evidence fence cannot be closed', () => {
    const md = renderReport(report, 'md')
    const rows = md.split('\n').filter((l) => /^\| (\d+|\u2013) \|/.test(l))
    expect(rows).toHaveLength(CHECKLIST_ITEMS.length)
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7)
    expect(md).toContain('\\<script\\>')
    expect(md).toContain('````text')
    expect(md).toContain('Not set up yet')
  })

  it('json: parses, keeps every item with status, evidence, check version and times', () => {
    const parsed = JSON.parse(renderReport(report, 'json')) as { appVersion: string; target: { label: string }; items: { id: string; status: string; evidence: { checkVersion: string; lines: string[] }[] }[] }
    expect(parsed.appVersion).toBe('0.1.0')
    expect(parsed.target.label).toBe('ocss@10.0.0.2:2222')
    expect(parsed.items.map((i) => i.id)).toEqual(CHECKLIST_ITEMS.map((i) => i.id))
    const ufw = parsed.items.find((i) => i.id === 'ufw-default-deny')
    expect(ufw?.status).toBe('fail')
    expect(ufw?.evidence[0]?.checkVersion).toBe(V)
    expect(ufw?.evidence[0]?.lines[0]).toBe('Status: inactive')
  })

  it('a secret in the target label is redacted too', () => {
    const r = buildReport(inputs({ targetLabel: `user:${CANARY}@host` }))
    for (const f of REPORT_FORMATS) expect(renderReport(r, f)).not.toContain(CANARY)
  })
})

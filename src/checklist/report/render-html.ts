import { ITEM_STATUS_LABEL, type ItemStatus } from '../item-state'
import type { ChecklistReport } from './report-model'

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

const TONE: Readonly<Record<ItemStatus, string>> = {
  pass: 'good',
  confirmed: 'good',
  fail: 'bad',
  error: 'bad',
  interrupted: 'warn',
  due: 'warn',
  stale: 'warn',
  unknown: 'muted',
  'not-set-up': 'muted',
  'not-applicable': 'muted',
  waived: 'info',
}

const CSS = `
:root{color-scheme:light;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
body{margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555;margin:0 0 16px}.meta b{color:#1b1b1b}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 18px;padding:0;list-style:none}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4;font-weight:600}td.layer{width:48px;color:#555}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.good{background:#dff6dd;color:#0e700e;border-color:#9fd89f}.bad{background:#fde7e9;color:#a4262c;border-color:#f1bbbc}
.warn{background:#fff4ce;color:#8a5300;border-color:#f2d58a}.info{background:#e5f1fb;color:#0f548c;border-color:#a6cbea}
.muted{background:#f3f3f3;color:#555;border-color:#d6d6d6}
.item{border:1px solid #ddd;border-radius:6px;padding:10px 12px;margin:10px 0}
.item h3{font-size:15px;margin:0 0 4px;display:flex;gap:8px;align-items:center}
.item p{margin:4px 0}.step{margin:8px 0 0}.step .id{font-family:ui-monospace,Consolas,monospace}
pre{background:#f7f7f7;border:1px solid #e3e3e3;border-radius:4px;padding:6px 8px;margin:4px 0 0;white-space:pre-wrap;word-break:break-all;font:12px/1.4 ui-monospace,Consolas,monospace}
footer{margin-top:28px;color:#777;font-size:12px}
@media print{
  :root{font-size:11px}body{margin:0;max-width:none}
  .item,tr{break-inside:avoid;page-break-inside:avoid}
  h2{break-after:avoid}
  .badge{border-color:#777 !important}
  pre{background:#fff;border-color:#bbb}
  a{color:inherit;text-decoration:none}
}`

const ORDER: readonly ItemStatus[] = ['fail', 'error', 'interrupted', 'due', 'stale', 'unknown', 'not-set-up', 'waived', 'confirmed', 'pass', 'not-applicable']

function badge(status: ItemStatus): string {
  return `<span class="badge ${TONE[status]}" data-status="${esc(status)}">${esc(ITEM_STATUS_LABEL[status])}</span>`
}

/** A standalone, printable page: inline CSS, no script, no external resource (the CSP forbids any). */
export function renderHtml(report: ChecklistReport): string {
  const h: string[] = []
  h.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">')
  h.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`)
  h.push('<meta name="viewport" content="width=device-width, initial-scale=1">')
  h.push(`<title>${esc(`OpenClaw hardening checklist \u2014 ${report.target.label}`)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>')
  h.push('<h1>OpenClaw hardening checklist</h1>')
  h.push(
    `<p class="meta"><b>Target:</b> <span data-testid="report-target">${esc(report.target.label)}</span> (${report.target.kind === 'wsl' ? 'WSL distro' : 'SSH machine'}) \u00b7 ` +
      `<b>Last checked:</b> ${report.lastCheckedAt ? esc(report.lastCheckedAt) : 'never'} \u00b7 <b>Report made:</b> ${esc(report.generatedAt)} \u00b7 ` +
      `<b>App:</b> OpenClaw Secure Setup ${esc(report.appVersion)}</p>`,
  )
  h.push('<ul class="counts">', ...ORDER.filter((s) => report.counts[s] > 0).map((s) => `<li>${badge(s)} \u00d7 ${report.counts[s]}</li>`), '</ul>')
  h.push('<table><thead><tr><th>Layer</th><th>Item</th><th>Status</th><th>Summary</th><th>Checked</th></tr></thead><tbody>')
  for (const { item, state } of report.rows) {
    h.push(
      `<tr data-item="${esc(item.id)}"><td class="layer">${item.layer || '\u2013'}</td><td>${esc(item.title)}${item.caveat ? ` <small class="caveat">(${esc(item.caveat.charAt(0).toLowerCase() + item.caveat.slice(1))})</small>` : ''}</td><td>${badge(state.status)}</td>` +
        `<td>${esc(state.summary)}</td><td>${state.checkedAt ? esc(state.checkedAt) : '\u2013'}</td></tr>`,
    )
  }
  h.push('</tbody></table>', '<h2>Evidence</h2>')
  for (const { item, state } of report.rows) {
    h.push(`<section class="item" id="item-${esc(item.id)}"><h3>${esc(item.title)} ${badge(state.status)}</h3><p>${esc(item.description)}</p>`)
    if (item.caveat) h.push(`<p class="caveat" data-testid="report-caveat-${esc(item.id)}"><b>${esc(item.caveat)}.</b></p>`)
    h.push(`<p>${esc(state.summary)}</p>`)
    if (state.confirmation) h.push(`<p>Confirmed by ${esc(state.confirmation.by)} at ${esc(state.confirmation.at)}: ${esc(state.confirmation.note)}${state.dueAt ? ` (due ${esc(state.dueAt)})` : ''}</p>`)
    if (state.waiver) h.push(`<p>Waived by ${esc(state.waiver.by)} at ${esc(state.waiver.at)}: ${esc(state.waiver.reason)}</p>`)
    for (const ev of state.evidence) {
      h.push(
        `<div class="step"><span class="id">${esc(ev.stepId)}</span> \u2014 ${esc(ev.status)}: ${esc(ev.summary)}` +
          `${ev.checkedAt ? ` <small>(checked ${esc(ev.checkedAt)}, check version ${esc(ev.checkVersion || '\u2013')})</small>` : ''}`,
      )
      if (ev.lines.length > 0) h.push(`<pre>${esc(ev.lines.join('\n'))}</pre>`)
      h.push('</div>')
    }
    h.push('</section>')
  }
  h.push('<footer>Secrets in command output are replaced by [REDACTED]. Items the app cannot check yet read \u201cNot set up yet\u201d, never \u201cPass\u201d.</footer>')
  h.push('</body>', '</html>')
  return `${h.join('\n')}\n`
}

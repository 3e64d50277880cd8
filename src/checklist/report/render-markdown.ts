import { ITEM_STATUS_LABEL, type ItemStatus } from '../item-state'
import type { ChecklistReport } from './report-model'

/** Escapes text for a Markdown table cell or paragraph: no markup, no HTML, no line breaks. */
export function mdText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}\[\]()<>#+!|~-]/g, (c) => `\\${c}`)
}

/** A fenced block longer than any backtick run inside, so evidence cannot close it. */
function fence(lines: readonly string[]): string {
  const body = lines.join('\n')
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length))
  const f = '`'.repeat(Math.max(3, longest + 1))
  return `${f}text\n${body}\n${f}`
}

const ORDER: readonly ItemStatus[] = ['fail', 'error', 'interrupted', 'due', 'stale', 'unknown', 'not-set-up', 'waived', 'confirmed', 'pass', 'not-applicable']

export function renderMarkdown(report: ChecklistReport): string {
  const out: string[] = []
  out.push('# OpenClaw hardening checklist', '')
  out.push(`- **Target:** ${mdText(report.target.label)} (${report.target.kind === 'wsl' ? 'WSL distro' : 'SSH machine'})`)
  out.push(`- **Last checked:** ${report.lastCheckedAt ? mdText(report.lastCheckedAt) : 'never'}`)
  out.push(`- **Report made:** ${mdText(report.generatedAt)} by OpenClaw Secure Setup ${mdText(report.appVersion)}`)
  out.push(`- **Summary:** ${ORDER.filter((s) => report.counts[s] > 0).map((s) => `${ITEM_STATUS_LABEL[s]} ${report.counts[s]}`).join(', ')}`, '')
  out.push('| Layer | Item | Status | Summary | Checked |', '|---|---|---|---|---|')
  for (const { item, state } of report.rows) {
    out.push(`| ${item.layer || '\u2013'} | ${mdText(item.title)}${item.caveat ? ` (${mdText(item.caveat.charAt(0).toLowerCase() + item.caveat.slice(1))})` : ''} | **${ITEM_STATUS_LABEL[state.status]}** | ${mdText(state.summary)} | ${state.checkedAt ? mdText(state.checkedAt) : '\u2013'} |`)
  }
  out.push('', '## Evidence', '')
  for (const { item, state } of report.rows) {
    out.push(`### ${mdText(item.title)} \u2014 ${ITEM_STATUS_LABEL[state.status]}`, '', mdText(item.description), '')
    if (item.caveat) out.push(`**${mdText(item.caveat)}.**`, '')
    if (state.confirmation) out.push(`Confirmed by ${mdText(state.confirmation.by)} at ${mdText(state.confirmation.at)}: ${mdText(state.confirmation.note)}${state.dueAt ? ` (due ${mdText(state.dueAt)})` : ''}`, '')
    if (state.waiver) out.push(`Waived by ${mdText(state.waiver.by)} at ${mdText(state.waiver.at)}: ${mdText(state.waiver.reason)}`, '')
    for (const ev of state.evidence) {
      out.push(`- \`${ev.stepId}\` ${mdText(ev.status)}: ${mdText(ev.summary)}${ev.checkedAt ? ` (checked ${mdText(ev.checkedAt)}, check version ${mdText(ev.checkVersion || '\u2013')})` : ''}`)
      if (ev.lines.length > 0) out.push('', fence(ev.lines), '')
    }
    out.push('')
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`
}

import { stepById } from '../catalog'
import type { CheckRecord } from '../shared/step'

export interface Report {
  readonly target: string
  readonly items: readonly CheckRecord[]
}

export function allPass(items: readonly CheckRecord[]): boolean {
  return items.length > 0 && items.every((i) => i.status === 'pass')
}

/** Human-readable lines: one per item with its evidence indented below. */
export function formatReport(report: Report): string {
  const lines = [`Target: ${report.target}`]
  for (const item of report.items) {
    const title = stepById(item.stepId)?.meta.title ?? item.stepId
    lines.push(`${item.status.toUpperCase().padEnd(7)} ${item.stepId}  ${title}: ${item.summary}${item.checkedAt ? `  (checked ${item.checkedAt})` : ''}`)
    for (const ev of item.evidence) lines.push(`        ${ev}`)
  }
  const bad = report.items.filter((i) => i.status !== 'pass').length
  lines.push(bad === 0 ? `All ${report.items.length} item(s) pass.` : `${bad} of ${report.items.length} item(s) do not pass.`)
  return lines.join('\n')
}

export function jsonReport(report: Report): string {
  return JSON.stringify({ target: report.target, pass: allPass(report.items), items: report.items }, null, 2)
}

import { ITEM_STATUS_LABEL } from '../item-state'
import type { ChecklistReport } from './report-model'

/** Machine-readable report: a stable envelope with one entry per item. */
export function renderJson(report: ChecklistReport): string {
  return `${JSON.stringify(
    {
      format: 'openclaw-secure-setup/checklist-report',
      formatVersion: 1,
      appVersion: report.appVersion,
      generatedAt: report.generatedAt,
      target: report.target,
      lastCheckedAt: report.lastCheckedAt,
      counts: report.counts,
      items: report.rows.map(({ item, state }) => ({
        id: item.id,
        title: item.title,
        layer: item.layer,
        source: item.source,
        ...(item.caveat ? { caveat: item.caveat } : {}),
        check: item.check.kind === 'manual' ? { kind: 'manual', ...(item.check.renewEveryDays ? { renewEveryDays: item.check.renewEveryDays } : {}), ...(item.check.probe ? { probe: item.check.probe } : {}) } : { kind: 'steps', stepIds: item.check.stepIds },
        status: state.status,
        statusLabel: ITEM_STATUS_LABEL[state.status],
        summary: state.summary,
        checkedAt: state.checkedAt,
        ...(state.dueAt ? { dueAt: state.dueAt } : {}),
        ...(state.confirmation ? { confirmation: state.confirmation } : {}),
        ...(state.waiver ? { waiver: state.waiver, underlying: state.underlying } : {}),
        evidence: state.evidence,
      })),
    },
    null,
    2,
  )}\n`
}

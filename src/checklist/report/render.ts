import { renderHtml } from './render-html'
import { renderJson } from './render-json'
import { renderMarkdown } from './render-markdown'
import type { ChecklistReport, ReportFormat } from './report-model'

export { buildReport, REPORT_FORMATS, type ChecklistReport, type ReportFormat, type ReportInputs } from './report-model'

/** Renders a report in one of the three formats. Pure: the caller writes the file. */
export function renderReport(report: ChecklistReport, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report)
    case 'md':
      return renderMarkdown(report)
    case 'json':
      return renderJson(report)
  }
}

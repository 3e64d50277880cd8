import { redactLines } from './redact'

/**
 * The bounds on text from the target when a check record is made. Each line is cut to LINE_BOUND **before** it is
 * redacted (so the redactor's work per line is bounded whatever the far end prints), then to the display bound.
 * The second cut is well below the first, so a secret that the first cut split is never shown in part.
 */
export const LINE_BOUND = 1024
export const EVIDENCE_LINE_MAX = 300
export const EVIDENCE_LINES_MAX = 40
export const SUMMARY_MAX = 800

/** How many raw lines are looked at (a private key block collapses to one line, so a few more than are kept). */
const RAW_LINES_MAX = 5 * EVIDENCE_LINES_MAX

/** Evidence lines for a record: at most 40 lines, each cut, made free of control characters and redacted. */
export function recordEvidence(lines: readonly string[]): string[] {
  return redactLines(lines.slice(0, RAW_LINES_MAX).map((l) => l.slice(0, LINE_BOUND)))
    .slice(0, EVIDENCE_LINES_MAX)
    .map((l) => l.slice(0, EVIDENCE_LINE_MAX))
}

/** A record's summary: one line (a newline from the target is shown as ␊, never starts a line), cut and redacted. */
export function recordSummary(text: string): string {
  return (redactLines([text.slice(0, LINE_BOUND)])[0] ?? '').slice(0, SUMMARY_MAX)
}

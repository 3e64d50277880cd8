import { describe, expect, it } from 'vitest'
import { EVIDENCE_LINE_MAX, EVIDENCE_LINES_MAX, LINE_BOUND, recordEvidence, recordSummary, SUMMARY_MAX } from './record-text'
import { REDACTED } from './redact'
import { msPerCall } from '../shared/ms-per-call'

describe('record text: cut, made free of control characters and redacted when a record is made', () => {
  it('keeps at most 40 lines of at most 300 characters, secrets hidden', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} OPENCLAW_GATEWAY_TOKEN=c4n4ryS3cr3t ${'x'.repeat(400)}`)
    const out = recordEvidence(lines)
    expect(out).toHaveLength(EVIDENCE_LINES_MAX)
    for (const l of out) {
      expect(l.length).toBeLessThanOrEqual(EVIDENCE_LINE_MAX)
      expect(l).toMatch(/^line \d+ OPENCLAW_GATEWAY_TOKEN=\[REDACTED\]$/)
    }
  })

  it('a key block that starts in the kept lines is hidden even when its end is far below', () => {
    const lines = ['ok', '-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 500 }, () => 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'), '-----END OPENSSH PRIVATE KEY-----']
    expect(recordEvidence(lines)).toEqual(['ok', `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`])
  })

  it('cuts a line to the line bound BEFORE redacting: a 1 MB line costs about what a 2 KB one does', () => {
    const line = (bytes: number) => 'tokenx'.repeat(Math.ceil(bytes / 6)).slice(0, bytes)
    recordEvidence([line(2 * LINE_BOUND)])
    // Redacting all of 1 MB would take ~500x as long as 2 KB; cut first, both redact 1 KB.
    const big = line(1_000_000)
    const small = line(2 * LINE_BOUND)
    expect(msPerCall(() => recordEvidence([big])) / msPerCall(() => recordEvidence([small]))).toBeLessThan(20)
    expect(recordEvidence([line(1_000_000)])[0]).toHaveLength(EVIDENCE_LINE_MAX)
  })

  it('a summary is one line: a newline or an escape from the target is shown, never acted on', () => {
    expect(recordSummary('FAIL x\nPASS y \u001b[2K\u001b[1Gok')).toBe('FAIL x␊PASS y ␛[2K␛[1Gok')
    expect(recordSummary(`audit says password=hunter2 ${'y'.repeat(5000)}`)).toBe(`audit says password=${REDACTED}`)
    expect(recordSummary('z'.repeat(5000))).toHaveLength(SUMMARY_MAX)
  })
})

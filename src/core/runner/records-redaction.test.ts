import { describe, expect, it } from 'vitest'
import { recordsFrom } from './job'

const CANARY = 'c4n4ryS3cr3tZ9q8w7e6r5t4y3u2i1o0pAsDfGhJkL'

describe('recordsFrom redacts before anything is kept', () => {
  it('a canary in check output that the evaluator copies into evidence never reaches the record', () => {
    // No "### ufw-status" section: the UFW evaluator reports an error and copies the first output lines as evidence.
    const output = ['garbage', `OPENCLAW_GATEWAY_TOKEN=${CANARY}`, `{"token":"${CANARY}"}`, `Authorization: Bearer ${CANARY}`].join('\n')
    const [record] = recordsFrom([{ item: { stepId: 'ufw-firewall', action: 'check' }, exitCode: 0, output }])
    expect(record?.status).toBe('error')
    expect(record?.evidence).toContain('garbage')
    expect(record?.evidence).toContain('OPENCLAW_GATEWAY_TOKEN=[REDACTED]')
    expect(JSON.stringify(record)).not.toContain(CANARY)
  })
})

import { describe, expect, it } from 'vitest'
import type { Target } from '../targets/target'
import { openclawAccountWarning } from './openclaw-account'

/** A target that answers the look-up script with fixed output (the lab test reads a real machine). */
function answering(stdout: string): Target {
  return { kind: 'ssh', exec: async () => ({ exitCode: 0, stdout, stderr: '' }) } as unknown as Target
}

describe('the same-account warning', () => {
  it('shows what was found made safe: no token from a command line, no terminal escapes', async () => {
    const token = 'f3a9c1d2e4b5a6978812ab34cd56ef7890aa11bb22cc33dd'
    const w = await openclawAccountWarning(answering(`found a gateway process: node openclaw gateway --token ${token}\nfound ~/.openclaw \u001b]52;c;aGk=\u0007\n`), 'admin')
    expect(w).toContain('OpenClaw is set up as admin')
    expect(w).toContain('a gateway process: node openclaw gateway --token')
    expect(w).not.toContain(token)
    expect(w).not.toMatch(/[\u0007\u001b]/)
  })

  it('says nothing when nothing was found', async () => {
    expect(await openclawAccountWarning(answering('nothing\n'), 'admin')).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { STEPS } from '../../catalog'
import { checkVersion } from './job'

describe('checkVersion (the real catalogue)', () => {
  it('checkVersion changes when the evaluator source changes (old results read "re-check needed")', () => {
    for (const step of STEPS) {
      const edited = { ...step, evaluatorSource: step.evaluatorSource.replace('pass', 'pass ') }
      expect(checkVersion(edited)).not.toBe(checkVersion(step))
      expect(checkVersion({ ...step, scripts: { ...step.scripts, check: `${step.scripts.check}\n# edited` } })).not.toBe(checkVersion(step))
      expect(checkVersion({ ...step })).toBe(checkVersion(step))
    }
  })
})

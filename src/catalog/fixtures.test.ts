import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { STEPS } from './index'

/**
 * Every step's pass/fail fixtures through its own evaluate(): `<case>.pass.txt` must read pass and `<case>.fail.txt`
 * fail, each with a summary and evidence. A new step is covered as soon as it is in the catalogue.
 */
for (const step of STEPS) {
  const dir = join(__dirname, step.meta.id, 'fixtures')
  const fixtures = readdirSync(dir).filter((f) => /\.(pass|fail)\.txt$/.test(f))

  describe(`${step.meta.id} fixtures`, () => {
    it('has pass and fail fixtures', () => {
      expect(fixtures.some((f) => f.endsWith('.pass.txt'))).toBe(true)
      expect(fixtures.some((f) => f.endsWith('.fail.txt'))).toBe(true)
    })

    for (const file of fixtures) {
      const expected = file.endsWith('.pass.txt') ? 'pass' : 'fail'
      it(`${file} evaluates to ${expected}`, () => {
        const v = step.evaluate({ exitCode: 0, stdout: readFileSync(join(dir, file), 'utf8') })
        expect(v.status).toBe(expected)
        expect(v.summary.length).toBeGreaterThan(5)
        expect(v.evidence.length).toBeGreaterThan(0)
      })
    }
  })
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { INPUT_NAME_PATTERN } from '../shared/step'
import { isGeneratedStep } from './openclaw/config-step'
import { STEPS } from './index'

/** The step kit's data, across the real catalogue: requirements, inputs, extra actions, evaluator versioning. */
describe('step kit (the catalogue as data)', () => {
  it('requirements form a DAG that respects the wizard order, on kinds both steps support', () => {
    STEPS.forEach((step, i) => {
      for (const r of step.meta.requires ?? []) {
        const at = STEPS.findIndex((s) => s.meta.id === r.step)
        expect(at, `${step.meta.id} requires ${r.step}, which is not in STEPS`).toBeGreaterThanOrEqual(0)
        // Earlier in STEPS: with every edge pointing backwards, no cycle is possible.
        expect(at, `${step.meta.id} requires ${r.step}, which comes after it`).toBeLessThan(i)
        const required = STEPS[at]
        for (const kind of r.on ?? step.meta.targets) {
          expect(step.meta.targets, `${step.meta.id}: requirement on ${kind}`).toContain(kind)
          expect(required?.meta.targets, `${r.step} does not run on ${kind}`).toContain(kind)
        }
        expect(r.why.length).toBeGreaterThan(5)
      }
    })
  })

  it('declares inputs with valid, unique names (choices with choices; no default for a secret)', () => {
    for (const step of STEPS) {
      const names = (step.meta.inputs ?? []).map((i) => i.name)
      expect(new Set(names).size).toBe(names.length)
      for (const input of step.meta.inputs ?? []) {
        expect(input.name).toMatch(INPUT_NAME_PATTERN)
        if (input.kind === 'choice') expect(input.choices?.length ?? 0).toBeGreaterThan(0)
        if (input.kind === 'secret') expect(input.default).toBeUndefined()
      }
    }
  })

  it('has a script for every extra action, and no action named like a built-in one', () => {
    for (const step of STEPS) {
      for (const a of step.meta.actions ?? []) {
        expect(['apply', 'undo', 'check']).not.toContain(a.id)
        expect(step.actionScripts?.[a.id], `${step.meta.id}: ${a.id}.sh`).toBeTruthy()
      }
    }
  })

  it("each step's evaluatorSource is the text of the module its evaluate comes from", () => {
    for (const step of STEPS) {
      if (isGeneratedStep(step)) {
        // openclawConfigStep: the template's generic evaluator, the facts parser and the step's own data and rules.
        expect(step.evaluatorSource).toContain(readFileSync(join(__dirname, 'openclaw/config-step.ts'), 'utf8'))
        expect(step.evaluatorSource).toContain(readFileSync(join(__dirname, 'openclaw/facts.ts'), 'utf8'))
        expect(step.evaluatorSource).toContain(readFileSync(join(__dirname, step.meta.id, 'step.ts'), 'utf8'))
        continue
      }
      expect(step.evaluatorSource).toContain(`export function ${step.evaluate.name}(`)
      // The step's own evaluate.ts first; steps that judge OpenClaw's facts add the modules that parse and judge them.
      expect(step.evaluatorSource.startsWith(readFileSync(join(__dirname, step.meta.id, 'evaluate.ts'), 'utf8'))).toBe(true)
      if (step.meta.id === 'openclaw-onboard' || step.meta.id === 'gateway-token') {
        for (const f of ['openclaw-onboard/evaluate.ts', 'openclaw/facts.ts', 'openclaw/config-step.ts']) expect(step.evaluatorSource, f).toContain(readFileSync(join(__dirname, f), 'utf8'))
      }
    }
  })
})

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { STEPS, stepById, stepsFor } from './index'
import { parseSections } from './catalog-step'
import { STEP_ID_PATTERN } from '../shared/step'
import { isGeneratedStep } from './openclaw/config-step'

describe('catalogue', () => {
  it('has unique ids that match their folders and the id pattern', () => {
    const ids = STEPS.map((s) => s.meta.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const s of STEPS) {
      expect(s.meta.id).toMatch(STEP_ID_PATTERN)
      // A step made by openclawConfigStep() has its scripts generated from data (no .sh files in its folder).
      // A Windows-side step (actor 'windows') has no scripts: the app runs it (core/windows); its commands are shown as text.
      const files = isGeneratedStep(s) ? ['step.ts', 'fixtures'] : s.meta.actor === 'windows' ? ['step.ts', 'evaluate.ts', 'windows-commands.ts', 'fixtures'] : ['step.ts', 'apply.sh', 'check.sh', 'undo.sh', 'fixtures']
      for (const f of files) expect(existsSync(join(__dirname, s.meta.id, f))).toBe(true)
      expect(s.meta.rationale.length).toBeGreaterThan(40)
    }
  })

  it('looks steps up by id and by target kind', () => {
    expect(stepById('ufw-firewall')?.meta.layer).toBe(2)
    expect(stepById('nope')).toBeUndefined()
    expect(stepsFor('ssh').map((s) => s.meta.id)).toContain('ufw-firewall')
  })

  it('splits check output into sections and trims trailing blank lines', () => {
    const s = parseSections('noise\n### a\n1\n2\n\n### b-c\nx\n')
    expect(s.get('a')).toEqual(['1', '2'])
    expect(s.get('b-c')).toEqual(['x'])
    expect(s.has('noise')).toBe(false)
  })
})

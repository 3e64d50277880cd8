import { describe, expect, it } from 'vitest'
import type { StepMeta } from './step'
import { applicableRequirements } from './step-requirements'

const meta: Pick<StepMeta, 'requires' | 'targets' | 'inputs'> = {
  targets: ['ssh', 'wsl'],
  inputs: [{ name: 'PRESET', label: 'Preset', help: '', kind: 'choice', required: true, default: 'messaging', choices: [{ value: 'messaging', label: 'm' }, { value: 'coding', label: 'c' }] }],
  requires: [
    { step: 'always', why: 'always needed.' },
    { step: 'ssh-only', why: 'on SSH only.', on: ['ssh'] },
    { step: 'sandbox', why: 'for coding only.', when: { input: 'PRESET', values: ['coding'] } },
  ],
}
const ids = (kind: 'ssh' | 'wsl', inputs: Record<string, string>) => applicableRequirements(meta, kind, inputs).map((r) => r.step)

describe('applicableRequirements (the service\'s requirement gate and the wizard)', () => {
  it('keeps a requirement with `when` only while its input is one of the values (the default counts when unset)', () => {
    expect(ids('ssh', {})).toEqual(['always', 'ssh-only'])
    expect(ids('ssh', { PRESET: 'messaging' })).toEqual(['always', 'ssh-only'])
    expect(ids('ssh', { PRESET: 'coding' })).toEqual(['always', 'ssh-only', 'sandbox'])
    expect(ids('wsl', { PRESET: 'coding' })).toEqual(['always', 'sandbox'])
  })
})

import type { StepMeta, StepRequirement, TargetKind } from './step'

/**
 * The requirements of a step that apply on this kind of target (`on`, default the step's targets) for these inputs
 * (`when`: only while the input, as resolved for the run with its default, is one of `values`). The service gates apply
 * and extra actions with it; the wizard shows the same list.
 */
export function applicableRequirements(meta: Pick<StepMeta, 'requires' | 'targets' | 'inputs'>, kind: TargetKind, inputs: Readonly<Record<string, string>>): StepRequirement[] {
  return (meta.requires ?? []).filter((r) => {
    if (!(r.on ?? meta.targets).includes(kind)) return false
    if (!r.when) return true
    const value = inputs[r.when.input] ?? meta.inputs?.find((i) => i.name === r.when?.input)?.default ?? ''
    return r.when.values.includes(value)
  })
}

import { STEPS } from '../../catalog'
import type { StepView } from '../../shared/step'

/** The catalogue as the renderer shows it: metadata and the exact scripts. */
export function stepViews(): StepView[] {
  return STEPS.map((s) => ({
    ...s.meta,
    scripts: s.scripts,
    runsAs: 'sudo /bin/bash ~/.cache/openclaw-secure-setup/jobs/<job>/run.sh',
  }))
}

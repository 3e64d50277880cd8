import { STEPS } from '../../catalog'
import type { StepView } from '../../shared/step'

const WINDOWS_RUNS_AS = 'On Windows, in this app, as you (no administrator rights; nothing runs in the distribution): the commands shown above'

/** The catalogue as the renderer shows it: metadata and the exact scripts. */
export function stepViews(): StepView[] {
  return STEPS.map((s) => ({
    ...s.meta,
    scripts: s.scripts,
    ...(s.actionScripts ? { actionScripts: s.actionScripts } : {}),
    runsAs: s.meta.actor === 'windows' ? WINDOWS_RUNS_AS : "/usr/bin/sudo -- /bin/bash --noprofile --norc -c '<job launcher>' ocss-job <staged folder> <manifest SHA-256> <job id>  (root copies the staged scripts into its own folder and checks their SHA-256 before running them)",
  }))
}

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateOnboard } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import configStepSource from '../openclaw/config-step.ts?raw'
import factsSource from '../openclaw/facts.ts?raw'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import undoScript from './undo.sh?raw'

export { evaluateOnboard }

export const openclawOnboard: CatalogStep = {
  meta: {
    id: 'openclaw-onboard',
    layer: 0,
    title: 'OpenClaw onboarding',
    rationale:
      'OpenClaw needs its first configuration before anything else can be locked down: local mode, the gateway on loopback and token ' +
      'authentication. The app runs OpenClaw\'s own non-interactive onboarding as the OpenClaw account, with none of the guides\' ' +
      'outdated flags. The gateway token is made on the machine (64 characters from the kernel\'s random source, where OpenClaw would ' +
      'make 48), goes straight into OpenClaw\'s secret store and is never written into openclaw.json, shown, logged or put on a command line.',
    warnings: [
      'Onboarding sets tools.profile "full": the checklist shows the tool policy failing until its step runs.',
      'Model providers are not set up here; that is a later step.',
      'An account that is already onboarded (openclaw.json exists) is left exactly as it is.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root, files only: ~/.openclaw/openclaw.json of the OpenClaw account exists and parses, gateway.mode is "local", and the ' +
      'workspace it names (agents.defaults.workspace) is a folder.',
    actor: 'openclaw',
    requires: [{ step: 'openclaw-install', why: 'OpenClaw must be installed first.' }],
  },
  scripts: { apply: withIncludes(applyScript, OPENCLAW_LIBS), check: withIncludes(checkScript, OPENCLAW_LIBS), undo: withIncludes(undoScript, OPENCLAW_LIBS) },
  evaluate: evaluateOnboard,
  // The facts parser and factsError (config-step.ts) judge too: editing it marks old results "re-check needed".
  evaluatorSource: [evaluateSource, factsSource, configStepSource].join('\n'),
}

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateToken } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import configStepSource from '../openclaw/config-step.ts?raw'
import factsSource from '../openclaw/facts.ts?raw'
import onboardSource from '../openclaw-onboard/evaluate.ts?raw'
import rotateScript from './rotate.sh?raw'
import undoScript from './undo.sh?raw'

export { evaluateToken }

/** A catalogue step with the scripts of `meta.actions` by id (the field kit-ts adds to CatalogStep as `actionScripts`). */
export type StepWithActions = CatalogStep & { readonly actionScripts: Readonly<Record<string, string>> }

export const gatewayToken: StepWithActions = {
  meta: {
    id: 'gateway-token',
    layer: 4,
    title: 'Gateway token',
    rationale:
      'Without a token every program on the machine, and every web page it opens, can talk to the gateway and drive the agent. The ' +
      'guide asks for token authentication with a long random token. The app keeps that token in OpenClaw\'s own secret store (kind ' +
      'secret, so it never reaches the agent\'s commands) and openclaw.json holds only a reference to it; a token left in plain text ' +
      'in the file is moved there, a short one is replaced by 64 characters from the kernel\'s random source.',
    warnings: [
      'Rotate replaces the token and restarts the gateway: the Control UI and paired clients must log in with the new one.',
      'Undo changes nothing: turning token authentication off would leave the gateway open.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root, files only: gateway.auth.mode is "token"; gateway.auth.token is a store SecretRef whose entry in ' +
      '~/.openclaw/state/openclaw.sqlite exists, is not deleted, has kind "secret" and at least 64 characters (only its length is read). ' +
      'An env reference cannot be verified by root; a plaintext token is flagged.',
    actor: 'openclaw',
    requires: [{ step: 'openclaw-onboard', why: 'OpenClaw must be onboarded first.' }],
    effects: ['restart-gateway'],
    actions: [{ id: 'rotate', label: 'Rotate token', description: 'Stores a new 64-character token and restarts the gateway (incident response: the old token stops working).' }],
  },
  scripts: { apply: withIncludes(applyScript, OPENCLAW_LIBS), check: withIncludes(checkScript, OPENCLAW_LIBS), undo: withIncludes(undoScript, OPENCLAW_LIBS) },
  actionScripts: { rotate: withIncludes(rotateScript, OPENCLAW_LIBS) },
  evaluate: evaluateToken,
  // The facts parser, factsError (config-step.ts) and the shared onboarding reader judge too: editing them marks old results "re-check needed".
  evaluatorSource: [evaluateSource, onboardSource, factsSource, configStepSource].join('\n'),
}

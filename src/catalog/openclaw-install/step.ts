import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_ACCOUNT_LIBS } from '../openclaw-account/step'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateOpenClawInstall } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import installLib from './install-lib.sh?raw'
import { DEFAULT_NODE_DIST_URL, DEFAULT_NPM_REGISTRY, NODE_SHA256, NODE_VERSION, OPENCLAW_NODE_ENGINES, OPENCLAW_VERSION, openclawInstallParams } from './pins'
import undoScript from './undo.sh?raw'

/**
 * The evaluator judges against the pins: the check script names them (a comment line), so that the check version
 * (which hashes the check and the evaluator) changes with a pin and old results read "re-check needed".
 */
const PINS_NOTE =
  `# Judged against the pins (pins.ts): OpenClaw ${OPENCLAW_VERSION}; Node ${NODE_VERSION}, engines "${OPENCLAW_NODE_ENGINES}"; ` +
  `tarball SHA-256 x64 ${NODE_SHA256.x64}, arm64 ${NODE_SHA256.arm64}.\n`
const LIBS = { ...OPENCLAW_ACCOUNT_LIBS, 'install-lib.sh': installLib, 'pins-note': PINS_NOTE }

/**
 * "Install OpenClaw". Its apply needs the pins as job parameters: the service adds `jobParams()` (built from pins.ts)
 * to the job's parameters whenever the job applies this step. Tests pass their own hash table to
 * openclawInstallParams({ nodeSha256ForTests }) directly; nothing a person can set reaches that option.
 */
export const openclawInstall: CatalogStep = {
  meta: {
    id: 'openclaw-install',
    layer: 0,
    title: 'Install OpenClaw',
    rationale:
      `Installs OpenClaw ${OPENCLAW_VERSION} for the OpenClaw account only, in its own ~/.local, on a Node ${NODE_VERSION} of its own: no sudo, ` +
      'no system-wide npm, and nothing the agent could change for other accounts. The Node tarball is checked against the SHA-256 of the ' +
      'official release (nodejs.org\'s SHASUMS256.txt) before anything is extracted, and the OpenClaw version is pinned, so every machine ' +
      'runs exactly the version whose settings this app knows.',
    warnings: [
      `Downloads about 30 MB (Node) and 330 npm packages (about 250 MB on disk), as the OpenClaw account.`,
      'An OpenClaw the account installed elsewhere (for example ~/.npm-global) stays; ~/.local/bin comes first on its PATH.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'Reads, as root and without running anything of the account: the Node version from the installed tarball\'s include/node/node_version.h ' +
      'and its folder name (pinned version, within OpenClaw\'s engines range), OpenClaw\'s version from its package.json (pinned), that ' +
      '~/.local/bin/openclaw leads into the account\'s prefix, and that every installed file is the account\'s and not writable by others.',
    actor: 'openclaw',
    requires: [{ step: 'openclaw-account', why: 'The OpenClaw account must be set up first.' }],
    inputs: [
      {
        name: 'NPM_REGISTRY',
        label: 'npm registry',
        help: 'Where npm downloads OpenClaw and its packages. Change it for a company mirror or an offline registry.',
        kind: 'url',
        required: false,
        default: DEFAULT_NPM_REGISTRY,
        advanced: true,
      },
      {
        name: 'NODE_DIST_URL',
        label: 'Node download address',
        help: `The folder that holds v${NODE_VERSION}/ with the Node tarballs, like nodejs.org/dist. The tarball must still match the official SHA-256.`,
        kind: 'url',
        required: false,
        default: DEFAULT_NODE_DIST_URL,
        advanced: true,
      },
    ],
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  evaluate: evaluateOpenClawInstall,
  evaluatorSource,
  jobParams: () => openclawInstallParams(),
}

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import { ONBOARDED } from '../openclaw/config-step'
import { evaluateCredentials } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import modes from './modes.sh?raw'
import undoScript from './undo.sh?raw'

const libs = { ...OPENCLAW_LIBS, 'modes.sh': modes }

/** Layer 9: owner-only modes on OpenClaw's credential files (bespoke: chmod as the account, undo restores exact modes). */
export const credentialPermissions: CatalogStep = {
  meta: {
    id: 'credential-permissions',
    layer: 9,
    title: 'Credential files readable only by OpenClaw',
    rationale:
      'OpenClaw keeps its config, model keys (auth-profiles.json), channel credentials, session transcripts and its secret store ' +
      '(SQLite) under ~/.openclaw. Readable by other accounts, any other user or service on the machine could lift the gateway token or an ' +
      'API key. This step makes the state folder and credentials/ 700 and every credential file 600, the modes OpenClaw\'s own audit ' +
      'asks for (its fs.* checks). A symlink at one of these paths is refused: it could point anywhere.',
    warnings: [],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'Reads, as root, the modes, owners and types of ~/.openclaw, openclaw.json and its .bak files, auth-profiles.json, credentials/, ' +
      'sessions.json and the *.sqlite files (find -P; no openclaw process): folders 700 and files 600 or stricter, owned by the account, none a symlink. ' +
      'OpenClaw\'s own 755 folders (agents/, workspace/) and plugin-skills/* symlinks are not judged.',
    actor: 'openclaw',
    requires: [ONBOARDED],
  },
  scripts: { apply: withIncludes(applyScript, libs), check: withIncludes(checkScript, libs), undo: withIncludes(undoScript, libs) },
  evaluate: evaluateCredentials,
  evaluatorSource,
}

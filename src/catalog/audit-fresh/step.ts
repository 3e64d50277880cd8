import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import auditStamp from '../lib/audit-stamp.sh?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateAuditFresh } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

const libs = { 'audit-stamp.sh': auditStamp }

export const auditFresh: CatalogStep = {
  meta: {
    id: 'audit-fresh',
    layer: 0,
    title: 'Security audit after every config change',
    rationale:
      'The guides ask for OpenClaw\'s security audit after every change to its configuration, so that a setting that weakens it is seen ' +
      'at once. Every re-check pass runs the deep audit as the OpenClaw account, and every step that writes openclaw.json runs it ' +
      'afterwards; root records each run with the config it read. This item passes when that last audit read the config on disk now.',
    warnings: [],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'Reads, as root, the sha256 and mtime of the OpenClaw account\'s ~/.openclaw/openclaw.json and the root-owned record of the last deep ' +
      'audit (/var/lib/openclaw-secure-setup/state/last-audit-<account>, 600): it passes when that audit read the current file. Runs no OpenClaw program.',
    actor: 'root',
  },
  scripts: { apply: withIncludes(applyScript, libs), check: withIncludes(checkScript, libs), undo: undoScript },
  evaluate: evaluateAuditFresh,
  evaluatorSource,
}

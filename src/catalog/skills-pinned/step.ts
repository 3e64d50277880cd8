import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import factsSource from '../openclaw/facts.ts?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateSkillsPinned } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import skillsPy from './skills.py?raw'
import skillsSh from './skills.sh?raw'
import undoScript from './undo.sh?raw'

export { evaluateSkillsPinned }

const LIBS = { ...OPENCLAW_LIBS, 'skills.sh': withIncludes(skillsSh, { 'skills.py': skillsPy.endsWith('\n') ? skillsPy : `${skillsPy}\n` }) }

/** Layer 10: every skill from outside the OpenClaw package pinned to its exact version in the ClawHub lock file. */
export const skillsPinned: CatalogStep = {
  meta: {
    id: 'skills-pinned',
    layer: 10,
    title: 'Only reviewed skills, pinned to exact versions',
    rationale:
      'A skill is instructions (SKILL.md) and often scripts that the agent follows with the OpenClaw account\'s rights. In the ClawHavoc ' +
      'campaign (early 2026) Koi Security audited 2,857 skills on ClawHub and found 341 malicious ones, 335 of them from one campaign: ' +
      'polished skills whose "prerequisites" told the reader to paste a command or run a password-protected download, which installed the ' +
      'Atomic macOS Stealer (AMOS) on Macs. A skill that follows "latest" can turn into such a skill with its next release. ' +
      'This step lists the skills OpenClaw loads from outside its own package and pins each one at the exact version installed now, in ' +
      'the workspace\'s ClawHub lock file (<workspace>/.clawhub/lock.json), so a later change is a visible, deliberate step; the check ' +
      'fails when a skill from outside is unpinned, pinned to "latest" or a range, or not in the lock file at all. The dozens of skills ' +
      'bundled with OpenClaw are part of OpenClaw\'s own version and are not counted.',
    why: [
      {
        title: 'What apply pins',
        paragraphs: [
          'Apply runs "openclaw skills list --json" as the OpenClaw account, prints every skill from outside the OpenClaw package with its ' +
            'version and where it came from (ClawHub, a local folder, git, copied by hand), then writes each one into the lock file at the ' +
            'version it is installed at: its .clawhub/origin.json "installedVersion" for a ClawHub install, else the "version" in its ' +
            'SKILL.md. Entries already there are kept as they are. A skill with no exact version anywhere stops the step before anything ' +
            'is written: give it one, reinstall it with --version, or remove it.',
          'The lock pins what is installed; "openclaw skills update" still replaces a skill with its newest release when you ask it to. ' +
            'Update one skill at a time, after reviewing the new version, and re-check.',
        ],
      },
      {
        title: 'Before you install a skill from ClawHub',
        bullets: [
          'Read its SKILL.md and every script on clawhub.ai. A skill that asks you (or the agent) to paste a command, download a ' +
            '"prerequisite", open a password-protected archive or run base64 text is the ClawHavoc pattern: do not install it.',
          'Look at the owner: a handle with a history and other skills, not a fresh account; watch for typosquats of popular names ' +
            '(clawhub1, cllawhub) and copies of popular skills with random suffixes.',
          'Downloads and age are weak signals (both can be faked); a new skill with many downloads deserves more suspicion, not less.',
          'Run "openclaw skills verify @owner/slug --version X.Y.Z" to see ClawHub\'s scan verdict for that exact version, and install ' +
            'with "openclaw skills install @owner/slug --version X.Y.Z", never the latest.',
          'security.installPolicy in openclaw.json runs a policy command of your own before every skill install and fails closed; ' +
            '"openclaw security audit --deep" scans installed skills too (skills.code_safety).',
        ],
      },
    ],
    warnings: [
      'Apply stops, changing nothing, when a skill from outside has no exact version of its own (e.g. one copied in by hand without ' +
        'a version in its SKILL.md): give it one, reinstall it with --version, or remove it.',
      'Undo puts the earlier lock file back exactly (or removes it if there was none), unless it was changed since.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As the OpenClaw account: "openclaw skills list --json" (the skills OpenClaw loads, with their source). Then, still as the account (the paths are its own), ' +
      'reading files only: each skill folder in the workspace, ~/.openclaw/skills, ~/.agents/skills and ~/.openclaw/plugin-skills (its .clawhub/origin.json ' +
      'and SKILL.md version; a folder inside the OpenClaw package is part of OpenClaw), and <workspace>/.clawhub/lock.json. Every skill ' +
      'from outside the package must be in the lock file at an exact version (not "latest", not a range), the one it is installed at; ' +
      'the lock file\'s "version" must be the number 1.',
    actor: 'openclaw',
    requires: [{ step: 'openclaw-install', why: 'OpenClaw must be installed first.' }],
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  evaluate: evaluateSkillsPinned,
  evaluatorSource: [evaluateSource, factsSource].join('\n'),
}

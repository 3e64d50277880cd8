import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { evaluateCheckLauncher } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import applyScript from './apply.sh?raw'
import launcher from './check-launcher.sh?raw'
import checkScript from './check.sh?raw'
import libScript from './lib.sh?raw'
import undoScript from './undo.sh?raw'

export const CHECK_LAUNCHER_STEP_ID = 'sudo-check-launcher'
export { CHECK_LAUNCHER_PATH } from './evaluate'
/** The launcher as apply writes it (shown and tested as is). */
export const CHECK_LAUNCHER_SCRIPT = launcher

const lib = withIncludes(libScript, { 'check-launcher.sh': launcher })
const apply = withIncludes(applyScript, { 'lib.sh': lib })
const check = withIncludes(checkScript, { 'lib.sh': lib })
const undo = withIncludes(undoScript, { 'lib.sh': lib })

export const sudoCheckLauncher: CatalogStep = {
  meta: {
    id: CHECK_LAUNCHER_STEP_ID,
    layer: 2,
    title: 'Checks without a sudo password',
    rationale:
      'Typing the sudo password into a session of the login account hands it to that account: a forced command in its ' +
      'authorized_keys or a few lines in its shell start-up can record it, and the app cannot fully prevent that from the outside. ' +
      'With this rule the regular re-checks need no password at all: the admin account may run one root-owned program without a ' +
      "password, and that program runs only the read-only checks of this app version (their SHA-256 is in a root-owned list). " +
      'Applying and undoing steps still ask for the password.',
    warnings: [
      'Adds /etc/sudoers.d/openclaw-secure-setup (validated with visudo before it is installed), /usr/local/libexec/openclaw-secure-setup/check-launcher and /etc/openclaw-secure-setup/check-allowlist. Undo removes them.',
      'After an update of this app, apply the step again: its checks change, and the old list refuses them until then (the check says "out of date").',
      'The checks run by the launcher report through the login account, as every check does: a compromised login account can still forge what it reports.',
    ],
    targets: ['ssh'],
    checkDescription:
      'As root: /etc/sudoers.d/openclaw-secure-setup is 440 root:root and holds exactly the one NOPASSWD rule for the launcher; the launcher, ' +
      'the allowlist and their folders are root-owned and not writable by group or others, hold exactly what this app version writes, ' +
      'and `sudo -l -U <admin>` lists the launcher with NOPASSWD.',
  },
  scripts: { apply, check, undo },
  evaluate: evaluateCheckLauncher,
  evaluatorSource,
}

export { evaluateCheckLauncher }

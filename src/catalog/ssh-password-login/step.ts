import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { evaluatePasswordLogin } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import applyScript from './apply.sh?raw'
import check from './check.sh?raw'
import sshdReload from './sshd-reload.sh?raw'
import undoScript from './undo.sh?raw'

const apply = withIncludes(applyScript, { 'sshd-reload.sh': sshdReload })
const undo = withIncludes(undoScript, { 'sshd-reload.sh': sshdReload })
export const sshPasswordLogin: CatalogStep = {
  meta: {
    id: 'ssh-password-login',
    layer: 3,
    title: 'SSH: key login only',
    rationale:
      'A machine that accepts SSH passwords can be attacked by guessing them, from anywhere that reaches port 22: bots try ' +
      'millions of passwords a day against every public address. With password login off, only someone holding a private key ' +
      'that is authorised on the machine can log in, and a leaked or weak password is no longer enough. The app installs and ' +
      'proves its own key first (Key login), so turning passwords off cannot lock you out.',
    warnings: [
      'Run "Key login" first: this step refuses to run until the app has proven that its key logs in to this machine.',
      'Lock-out guard: after the change the app must log in again with its key within 60 seconds; if it cannot, the machine restores the previous SSH configuration by itself.',
      'Afterwards every SSH client needs a key: log-ins that typed a password (other computers, phones, scripts) stop working until they use a key.',
    ],
    targets: ['ssh'],
    checkDescription:
      'Runs `sshd -T` as root: passwordauthentication and kbdinteractiveauthentication (and challengeresponseauthentication where sshd knows it) must be "no". ' +
      'Match blocks in sshd_config and sshd_config.d/*.conf that set them back to yes are reported as warnings.',
    effects: ['ssh-lockout-guard'],
  },
  scripts: { apply, check, undo },
  evaluate: evaluatePasswordLogin,
  evaluatorSource,
}

export { evaluatePasswordLogin }

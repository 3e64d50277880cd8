import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { evaluateSystemd } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import { WSL_LIBS } from '../lib/wsl-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import undoScript from './undo.sh?raw'
export const wslSystemd: CatalogStep = {
  meta: {
    id: 'wsl-systemd',
    layer: 3,
    title: 'systemd in WSL',
    rationale:
      'OpenClaw\'s gateway runs as a systemd user service ("openclaw gateway install"): systemd restarts it when it crashes and starts it ' +
      'with the distribution, so it is never left running by hand in a forgotten terminal. WSL starts systemd only when /etc/wsl.conf says ' +
      '[boot] systemd=true; this step sets exactly that key and keeps every other line of the file. WSL reads the file only when the ' +
      'distribution starts, so the app restarts the distribution (wsl.exe --terminate) right after Apply and Undo.',
    warnings: [
      'The distribution restarts: every Linux program running in it (open WSL terminals, editors attached to it) is stopped.',
      'With systemd, the distribution takes a second or two longer to start.',
    ],
    targets: ['wsl'],
    checkDescription:
      'Reads [boot] systemd in /etc/wsl.conf, the name of PID 1 (/proc/1/comm must be "systemd") and whether the login user\'s session bus ' +
      '/run/user/UID/bus exists: "off", "configured, restart pending" or "active".',
    effects: ['restart-wsl-distro'],
  },
  scripts: { apply: withIncludes(applyScript, WSL_LIBS), check: withIncludes(checkScript, WSL_LIBS), undo: withIncludes(undoScript, WSL_LIBS) },
  evaluate: evaluateSystemd,
  evaluatorSource,
}

export { evaluateSystemd }

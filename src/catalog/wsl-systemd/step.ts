import type { CatalogStep, CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections, withIncludes } from '../catalog-step'
import { WSL_LIBS } from '../lib/wsl-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import undoScript from './undo.sh?raw'


export function evaluateSystemd(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const conf = s.get('systemd-conf')?.[0]?.trim()
  const pid1 = s.get('pid1')?.[0]?.trim()
  if (conf === undefined || pid1 === undefined) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const user = s.get('login-user')?.[0]?.trim() ?? 'none'
  const bus = s.get('user-bus') ?? []
  const evidence = [`/etc/wsl.conf [boot] systemd=${conf}`, `PID 1: ${pid1}`, `login user: ${user}`, `user bus: ${bus.join(' — ') || 'unknown'}`]
  const configured = conf.toLowerCase() === 'true'
  const running = pid1 === 'systemd'
  if (!configured && !running) return { status: 'fail', summary: 'Off: systemd is not enabled in /etc/wsl.conf.', evidence }
  if (!configured) return { status: 'fail', summary: 'systemd runs now, but /etc/wsl.conf does not enable it: it will be gone after the next restart.', evidence }
  if (!running) return { status: 'fail', summary: `Configured, restart pending: /etc/wsl.conf enables systemd, but PID 1 is still "${pid1}". Restart the distribution (wsl.exe --terminate).`, evidence }
  if (bus[0]?.trim() !== 'present') {
    return { status: 'fail', summary: `systemd is active, but ${user.split(' ')[0]} has no user manager (no /run/user/UID/bus): open a shell as that user once, or run loginctl enable-linger.`, evidence }
  }
  return { status: 'pass', summary: 'Active: systemd is PID 1 and the login user has a user manager (systemctl --user works).', evidence }
}

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
}

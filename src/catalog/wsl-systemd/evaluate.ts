import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'

/*
 * The evaluator of the step wsl-systemd. The step imports this file twice: as a module (its evaluate) and as text
 * (`./evaluate.ts?raw`), so checkVersion() covers it: editing it marks saved results "re-check needed".
 */

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

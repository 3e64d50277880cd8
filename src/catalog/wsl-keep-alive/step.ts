import type { CatalogStep } from '../catalog-step'
import { evaluateKeepAlive } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import { WINDOWS_APPLY, WINDOWS_CHECK, WINDOWS_UNDO } from './windows-commands'

export { evaluateKeepAlive }

/** The costs of keeping the distribution up (docs/wsl-keep-alive.md), shown before Run. */
export const KEEP_ALIVE_COSTS: readonly string[] = [
  'Memory: the WSL VM keeps its memory while Windows runs (by default up to half of the RAM, given back only slowly); [wsl2] memory= caps it, [experimental] autoMemoryReclaim=gradual returns cache.',
  'Battery: the VM never sleeps while Windows is awake; systemd and the gateway\'s Node processes stay resident.',
  'Global: .wslconfig is per Windows user, so every other WSL distribution of yours also stays up once started.',
  'Attack surface: the gateway listens on loopback (and, with localhost forwarding or mirrored networking, on Windows\' own loopback) for as long as Windows runs, not only while a terminal is open; its token is what protects it.',
  'A scheduled task runs at every logon (visible in Task Scheduler); it runs as you, starts the distribution and ends.',
  'Takes effect after "wsl.exe --shutdown" (which stops every distribution) or the next restart of Windows. Neither keeps the gateway up while Windows sleeps.',
]

export const wslKeepAlive: CatalogStep = {
  meta: {
    id: 'wsl-keep-alive',
    layer: 0,
    title: 'Keep the gateway alive on WSL',
    rationale:
      'WSL stops an idle distribution some seconds after the last terminal closes, and services systemd started do not count: the ' +
      'gateway dies with it. This step sets [general] instanceIdleTimeout=-1 in your %UserProfile%\\.wslconfig (WSL never stops an idle ' +
      'distribution) and adds a logon task for you that starts the distribution (wsl.exe -d NAME --exec /bin/true), so systemd starts ' +
      'the gateway after a reboot without a terminal. It runs on Windows, in this app, as you: nothing runs in the distribution.',
    warnings: KEEP_ALIVE_COSTS,
    targets: ['wsl'],
    checkDescription:
      'On Windows (no wsl.exe is started): every [general] instanceIdleTimeout in %UserProfile%\\.wslconfig ' +
      'is -1; schtasks.exe /Query /TN "OpenClaw keep-alive (NAME)" /XML shows an enabled task that starts at your logon, runs as you and ' +
      'runs wsl.exe -d NAME.',
    actor: 'windows',
    requires: [{ step: 'gateway-service', why: 'The gateway must be a systemd service first; this only keeps the distribution running.' }],
  },
  scripts: { apply: WINDOWS_APPLY, check: WINDOWS_CHECK, undo: WINDOWS_UNDO },
  evaluate: evaluateKeepAlive,
  evaluatorSource,
}

import { openclawConfigStep } from '../openclaw/config-step'
import source from './step.ts?raw'

/** VM guide: no operator terminal (a browser/mobile shell on the host) (`gateway.terminal.enabled false`). */
export const gatewayTerminalOff = openclawConfigStep({
  id: 'gateway-terminal-off',
  source,
  layer: 6,
  title: 'Gateway operator terminal off',
  rationale:
    'The gateway offers admin clients an operator terminal: a shell on this machine, in the browser or the mobile app, with the ' +
    'gateway\'s environment. It is on by default. A stolen admin session would be a shell on the host; with ' +
    'gateway.terminal.enabled false there is none to steal. OpenClaw applies the change without restarting the gateway.',
  warnings: ['The operator terminal disappears from the Control UI and the mobile app; use SSH instead.'],
  targets: ['ssh', 'wsl'],
  set: { 'gateway.terminal.enabled': false },
  passSummary: 'The gateway\'s operator terminal is off: admin clients get no shell on this machine.',
})

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateService } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateService }

export const gatewayService: CatalogStep = {
  meta: {
    id: 'gateway-service',
    layer: 0,
    title: 'Gateway service',
    rationale:
      'The gateway should run as a service that systemd starts with the machine and restarts when it crashes, not in a terminal someone ' +
      'forgets. OpenClaw installs it as a systemd user unit of the OpenClaw account; with linger on, that account\'s services run ' +
      'without anyone logged in. The app turns linger on, waits for the account\'s user manager, and runs "openclaw gateway install" ' +
      'as the account with its real home, as OpenClaw requires.',
    warnings: [
      'The gateway starts now and listens on 127.0.0.1:18789 and [::1]:18789 (loopback only, token required).',
      'On WSL the distribution still stops when no Windows program uses it; see docs/wsl-keep-alive.md.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root: PID 1 is systemd, /var/lib/systemd/linger/<account> exists, the account\'s user bus is up, and systemctl --user ' +
      '(the system\'s binary, run as the account) reports openclaw-gateway.service enabled and active. The gateway\'s listeners are shown.',
    actor: 'openclaw',
    requires: [
      { step: 'openclaw-onboard', why: 'OpenClaw must be onboarded first.' },
      { step: 'wsl-systemd', on: ['wsl'], why: 'systemd must run in the WSL distribution first.' },
    ],
  },
  scripts: { apply: withIncludes(applyScript, OPENCLAW_LIBS), check: withIncludes(checkScript, OPENCLAW_LIBS), undo: withIncludes(undoScript, OPENCLAW_LIBS) },
  evaluate: evaluateService,
  evaluatorSource,
}

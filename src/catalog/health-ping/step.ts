import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import secret from '../lib/secret.sh?raw'
import { OPENCLAW_LIBS } from '../lib/openclaw-libs'
import type { StepInput } from '../../shared/step'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateHealthPing } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import jobScript from './job.sh?raw'
import testPingScript from './test-ping.sh?raw'
import undoScript from './undo.sh?raw'
import unitsScript from './units.sh?raw'

export { evaluateHealthPing }

const LIBS = { ...OPENCLAW_LIBS, 'secret.sh': secret, 'health-ping-units.sh': withIncludes(unitsScript, { 'health-ping-job.sh': jobScript }) }

export const PING_INPUTS: readonly StepInput[] = [
  {
    name: 'PING_URL',
    label: 'Ping URL of your monitor',
    help: 'An https address from a service such as healthchecks.io (https://hc-ping.com/…). Anyone who has it can ping, so it is handled like a password: written only into a 600 file of the OpenClaw account; the app keeps only its SHA-256. Needed the first time and when it changes.',
    kind: 'secret-url',
    required: false,
  },
]

/** Health monitoring: OpenClaw's own health check every 5 minutes, and a ping to the person's monitor when it passes. */
export const healthPing: CatalogStep = {
  meta: {
    id: 'health-ping',
    // Monitoring: not one of the guide's numbered layers (as the checklist item).
    layer: 0,
    title: 'Health monitoring',
    rationale:
      'A hardened machine that silently stops is still a problem: you want to hear when the gateway is down. Every 5 minutes a ' +
      'systemd user timer of the OpenClaw account runs OpenClaw\'s own health check (openclaw health --json --timeout 2000; the ' +
      'guide\'s "health --quiet" does not exist) and, only when it passes, pings a monitor such as healthchecks.io, which alerts you ' +
      'when the pings stop. The ping URL works like a password, so it lives only in a 600 file read by curl -K, never on a command line.',
    why: [
      {
        title: 'What runs',
        bullets: [
          'ocss-health-ping.timer (every 5 minutes) starts ocss-health-ping.service as the OpenClaw account.',
          'It runs /usr/local/lib/openclaw-secure-setup/health-ping, a root-owned script the account cannot change.',
          'curl -fsS -m 10 --retry 3 -K ~/.config/openclaw-secure-setup/health-ping.curl, only after the health check passed.',
          'Each run writes ~/.local/state/openclaw-secure-setup/health-ping.status: time, health ok/fail, HTTP code, curl exit (no URL).',
        ],
      },
    ],
    warnings: ['Your monitor alerts you when the pings stop; set its period to 5 minutes and a grace time of a few minutes.'],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root: the account\'s ocss-health-ping.timer is enabled and active (systemctl --user as the account) and its units are the ' +
      'app\'s byte for byte; the job script is root\'s, 755 and unchanged; the ping URL file is the account\'s with mode 600 and the ' +
      'SHA-256 of its URL matches the one the app keeps (compared on the machine; only the host is shown); the last run is at most ' +
      '11 minutes old, OpenClaw\'s health check passed and the ping got through.',
    actor: 'openclaw',
    inputs: PING_INPUTS,
    requires: [{ step: 'gateway-service', why: 'The gateway must run as a service (with the account\'s user manager), or the health check can never pass and no timer runs.' }],
    actions: [
      {
        id: 'test-ping',
        label: 'Send a test ping now',
        description: 'Runs the health ping job once now, as its timer does: OpenClaw\'s health check, then the ping when it passes, and shows the result.',
      },
    ],
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  actionScripts: { 'test-ping': withIncludes(testPingScript, LIBS) },
  evaluate: evaluateHealthPing,
  evaluatorSource: evaluateSource,
}

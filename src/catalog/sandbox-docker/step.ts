import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { DOCKER_LIBS } from '../lib/docker-libs'
import configStepSource from '../openclaw/config-step.ts?raw'
import factsSource from '../openclaw/facts.ts?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateSandbox } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateSandbox }

/** Layer 8: agent tools in a Docker sandbox with no network, a read-only root and no capabilities. */
export const sandboxDocker: CatalogStep = {
  meta: {
    id: 'sandbox-docker',
    layer: 8,
    title: 'Docker sandbox without network',
    rationale:
      'Without a sandbox every tool the agent runs (commands, file edits, scripts) runs on the machine itself with the OpenClaw account\'s ' +
      'rights. With agents.defaults.sandbox in Docker those tools run in a throw-away container instead: no network (it cannot send your ' +
      'files anywhere or reach the gateway), a read-only root filesystem and every Linux capability dropped. The image is ' +
      'openclaw-sandbox:bookworm-slim, built as OpenClaw\'s own docs describe (debian:bookworm-slim plus bash, curl, git, jq, python3 and ' +
      'ripgrep, which its write and edit helpers need; plain debian:bookworm-slim lacks them), loaded from a file you pick. Docker itself ' +
      'is Debian/Ubuntu\'s docker.io, installed when missing. Mode "all" sandboxes every session; "non-main" leaves your own main session ' +
      '(your direct chat with the agent) on the host and sandboxes the rest, such as group chats and spawned sessions: convenient, but a ' +
      'prompt injection that reaches the main session runs on the host.',
    warnings: [
      'The OpenClaw account joins the docker group, and membership of the docker group is worth root on this machine: whoever can use ' +
        'the account can start a container that mounts the whole disk. Only the OpenClaw account gets it, never the admin; the checklist ' +
        'shows it as a known risk. (Rootless Docker avoids this; this version of the app does not set it up.)',
      'Sandboxed tools have no network: anything the agent needs must be in the image or in its workspace.',
      'Undo puts back the earlier sandbox settings, removes the image it loaded and the group membership it added; docker.io stays installed.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root: agents.defaults.sandbox in openclaw.json (mode all or non-main, backend docker, docker.network none, readOnlyRoot true, ' +
      'capDrop ALL, the image; per-agent overrides too), docker.io and docker.service running (a stopped daemon fails, and is not started ' +
      'by the check), the docker group, "docker image inspect" of the image, then a probe: one container started as the account exactly as ' +
      'the sandbox would (same image and options) that must see only lo, a read-only root, no capabilities, and fail to connect to the ' +
      'gateway port on 127.0.0.1 and on the machine\'s addresses.',
    actor: 'root',
    requires: [{ step: 'openclaw-onboard', why: 'OpenClaw must be installed and onboarded first.' }],
    effects: ['recreate-sandbox'],
    inputs: [
      {
        name: 'IMAGE_FILE',
        label: 'Sandbox image file',
        help:
          'A "docker save" archive of openclaw-sandbox:bookworm-slim on the machine (e.g. /home/you/openclaw-sandbox.tar), built where ' +
          'a registry is reachable, with the base image pinned by digest. Leave empty when the image is already loaded.',
        kind: 'file-path',
        required: false,
      },
      {
        name: 'MODE',
        label: 'Sandbox mode',
        help: '"all": every session runs its tools in the sandbox (recommended). "non-main": your own main chat runs on the host, the rest in the sandbox.',
        kind: 'choice',
        required: false,
        default: 'all',
        choices: [
          { value: 'all', label: 'All sessions (recommended)' },
          { value: 'non-main', label: 'All but my main session' },
        ],
      },
      {
        name: 'WORKSPACE_ACCESS',
        label: 'Workspace access',
        help: 'What the sandbox sees of the agent\'s workspace: none (its own empty one), ro (read-only) or rw (read and write).',
        kind: 'choice',
        required: false,
        default: 'none',
        advanced: true,
        choices: [
          { value: 'none', label: 'None' },
          { value: 'ro', label: 'Read-only' },
          { value: 'rw', label: 'Read and write' },
        ],
      },
    ],
  },
  scripts: { apply: withIncludes(applyScript, DOCKER_LIBS), check: withIncludes(checkScript, DOCKER_LIBS), undo: withIncludes(undoScript, DOCKER_LIBS) },
  evaluate: evaluateSandbox,
  evaluatorSource: [evaluateSource, factsSource, configStepSource].join('\n'),
}

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { evaluateUfw } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import sshPorts from './ssh-ports.sh?raw'
import undo from './undo.sh?raw'

const apply = withIncludes(applyScript, { 'ssh-ports.sh': sshPorts })
const check = withIncludes(checkScript, { 'ssh-ports.sh': sshPorts })
export const ufwFirewall: CatalogStep = {
  meta: {
    id: 'ufw-firewall',
    layer: 2,
    title: 'Host firewall (UFW)',
    rationale:
      'OpenClaw can run tools and hold tokens. A host firewall that denies every incoming connection by default means that a service ' +
      'started by mistake (a gateway bound to 0.0.0.0, a debug server, a forgotten container port) is still unreachable from the network. ' +
      'Outgoing traffic stays allowed so the agent can reach its model provider and chat channels.',
    warnings: [
      'Changing firewall rules while connected over the network can lock you out. This step allows every port the SSH server listens on before it enables the firewall.',
      'Incoming connections other than SSH will be refused until you allow them explicitly (ufw allow PORT/tcp).',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription: 'Runs `ufw status verbose` as root: it must say "Status: active", "deny (incoming)", "allow (outgoing)", and allow every port sshd listens on.',
  },
  scripts: { apply, check, undo },
  evaluate: evaluateUfw,
  evaluatorSource,
}

export { evaluateUfw }

import { describeStepContract, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { elevatedToolsOff } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI.
let token = ''
const KEYS = ['tools.elevated.enabled']
describeStepContract(elevatedToolsOff, {
  params: { OC_USER: 'ocss' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
  },
  touched: (lab) => openclawKeys(lab, KEYS),
  exact: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await openclawFiles(lab)}`,
  hardenByHand: (lab) => openclawByHand(lab, ['config', 'set', 'tools.elevated.enabled', 'false', '--strict-json']),
  breakByHand: (lab) => openclawByHand(lab, ['config', 'set', 'tools.elevated.enabled', 'true', '--strict-json']),
  siblings: ['mdns-off', 'gateway-terminal-off'],
  canaries: () => [token],
})

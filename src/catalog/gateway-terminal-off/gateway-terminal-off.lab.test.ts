import { describeStepContract, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { gatewayTerminalOff } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI.
let token = ''
const KEYS = ['gateway.terminal.enabled']
describeStepContract(gatewayTerminalOff, {
  params: { OC_USER: 'ocss' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
  },
  touched: (lab) => openclawKeys(lab, KEYS),
  exact: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await openclawFiles(lab)}`,
  hardenByHand: (lab) => openclawByHand(lab, ['config', 'set', 'gateway.terminal.enabled', 'false', '--strict-json']),
  breakByHand: (lab) => openclawByHand(lab, ['config', 'set', 'gateway.terminal.enabled', 'true', '--strict-json']),
  siblings: ['mdns-off', 'elevated-tools-off'],
  canaries: () => [token],
})

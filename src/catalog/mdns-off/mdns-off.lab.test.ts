import { describeStepContract, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { mdnsOff } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI (the app's account/install/onboard
// steps are not in the catalogue yet).
let token = ''
describeStepContract(mdnsOff, {
  params: { OC_USER: 'ocss' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
  },
  touched: (lab) => openclawKeys(lab, ['discovery.mdns.mode']),
  exact: async (lab) => `${await openclawKeys(lab, ['discovery.mdns.mode'])}\n${await openclawFiles(lab)}`,
  hardenByHand: (lab) => openclawByHand(lab, ['config', 'set', 'discovery.mdns.mode', 'off']),
  breakByHand: (lab) => openclawByHand(lab, ['config', 'set', 'discovery.mdns.mode', 'full']),
  siblings: ['elevated-tools-off', 'gateway-terminal-off'],
  canaries: () => [token],
})

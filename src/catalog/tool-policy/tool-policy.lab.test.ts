import { describeStepContract, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { presetFor } from './presets'
import { toolPolicy } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI, with elevated tools off by hand
// (the "Elevated tools off" step's key, which this step requires and never writes). Preset: messaging (the default).
let token = ''
const KEYS = ['tools.profile', 'tools.deny', 'tools.exec', 'tools.fs', 'tools.elevated']
const messaging = presetFor('messaging')
if (!messaging) throw new Error('no messaging preset')
const setJson = (key: string, value: unknown) => ['config', 'set', key, JSON.stringify(value), '--strict-json']
describeStepContract(toolPolicy, {
  params: { OC_USER: 'ocss' },
  inputs: { PRESET: 'messaging' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
    await openclawByHand(lab, setJson('tools.elevated.enabled', false))
  },
  touched: (lab) => openclawKeys(lab, KEYS),
  exact: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await openclawFiles(lab)}`,
  // One `openclaw config patch --stdin` as the account: what a person following the native-npm guide would type.
  hardenByHand: async (lab) => {
    const patch = JSON.stringify({ tools: { profile: 'messaging', deny: messaging.deny, exec: { mode: 'deny' }, fs: { workspaceOnly: true } } })
    const r = await lab.exec(['openclaw', 'config', 'patch', '--stdin'], { user: lab.user, input: patch, timeoutMs: 300_000 })
    if (r.code !== 0) throw new Error(`openclaw config patch: exit ${r.code}\n${r.stderr}`)
  },
  // The break: exactly this item fails; elevated-tools-off (tools.elevated.enabled stays false) keeps its verdict.
  breakByHand: (lab) => openclawByHand(lab, setJson('tools.exec.mode', 'full')),
  alsoFails: [
    {
      what: 'a wildcard in tools.elevated.allowFrom (OpenClaw audits it as tools.elevated.allowFrom.telegram.wildcard once elevated is on)',
      make: (lab) => openclawByHand(lab, setJson('tools.elevated.allowFrom', { telegram: ['*'] })),
      unmake: (lab) => openclawByHand(lab, ['config', 'unset', 'tools.elevated.allowFrom']),
    },
    {
      what: 'a deny list without group:runtime',
      make: (lab) => openclawByHand(lab, setJson('tools.deny', messaging.deny.filter((d) => d !== 'group:runtime'))),
      unmake: (lab) => openclawByHand(lab, setJson('tools.deny', messaging.deny)),
    },
  ],
  siblings: ['elevated-tools-off', 'mdns-off', 'gateway-terminal-off'],
  canaries: () => [token],
})

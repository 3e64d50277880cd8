import { describeStepContract, labSh, onboardLabOpenClaw, openclawByHand } from '../../../test/helpers/step-contract'
import { credentialPermissions } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI; then another writer opened the
// state folder and the config (755/644), which the step must close and its undo reopen exactly.
let token = ''
const modes = (lab: Parameters<typeof labSh>[0]) =>
  labSh(lab, "cd /home/ocss/.openclaw && find -P . \\( -path ./workspace -o -path ./plugin-skills \\) -prune -o ! -name '*.sqlite-wal' ! -name '*.sqlite-shm' -printf '%y %m %u %p\\n' | sort")
describeStepContract(credentialPermissions, {
  params: { OC_USER: 'ocss' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
    await labSh(lab, 'chmod 755 ~/.openclaw && chmod 644 ~/.openclaw/openclaw.json && mkdir -p ~/.openclaw/credentials && chmod 755 ~/.openclaw/credentials && echo "{}" >~/.openclaw/credentials/telegram-allowFrom.json && chmod 644 ~/.openclaw/credentials/telegram-allowFrom.json', { user: 'ocss' })
  },
  touched: modes,
  // OpenClaw's own fix: `security audit --fix` (it also makes the plugin-skills/* symlinks, which must not count).
  hardenByHand: async (lab) => {
    await openclawByHand(lab, ['security', 'audit', '--fix', '--json'])
    await labSh(lab, 'chmod 600 ~/.openclaw/credentials/*.json', { user: 'ocss' })
  },
  breakByHand: (lab) => labSh(lab, 'chmod 644 ~/.openclaw/openclaw.json', { user: 'ocss' }).then(() => undefined),
  alsoFails: [
    {
      what: 'a symlink at a credential path',
      make: async (lab) => {
        await labSh(lab, 'ln -s /tmp/elsewhere.json ~/.openclaw/credentials/linked.json', { user: 'ocss' })
      },
      unmake: async (lab) => {
        await labSh(lab, 'rm ~/.openclaw/credentials/linked.json', { user: 'ocss' })
      },
    },
  ],
  siblings: ['mdns-off', 'elevated-tools-off', 'gateway-terminal-off'],
  canaries: () => [token],
})

import { describeStepContract, labSh, onboardLabOpenClaw, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { LAB_SANDBOX_IMAGE, LAB_SANDBOX_IMAGE_TAR, type Lab } from '../../../test/lab/lab'
import { sandboxDocker } from './step'

// A systemd lab with Debian's dockerd running (docker.io preinstalled, as after `apt-get install docker.io`), and a
// dedicated OpenClaw account "openclaw" (no sudo; the lab's admin "ocss" must never get the docker group), onboarded
// with OpenClaw's own CLI. The image comes from the lab's `docker save` archive, the file a person would pick.
const USER = 'openclaw'
const HOME = `/home/${USER}`
const KEYS = [
  'agents.defaults.sandbox.mode', 'agents.defaults.sandbox.backend', 'agents.defaults.sandbox.scope', 'agents.defaults.sandbox.workspaceAccess',
  'agents.defaults.sandbox.docker.image', 'agents.defaults.sandbox.docker.network', 'agents.defaults.sandbox.docker.readOnlyRoot', 'agents.defaults.sandbox.docker.capDrop',
]
let token = ''

/** Docker's side of what the step touches: the group, the images, the daemon's units, the step's undo record. */
const dockerState = (lab: Lab) =>
  labSh(lab, "getent group docker; docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort; systemctl is-enabled docker.service docker.socket; " +
    'systemctl is-active docker.service; test -e /var/lib/openclaw-secure-setup/state/sandbox-docker.env && echo undo-record || true')

const asAccount = async (lab: Lab, script: string): Promise<void> => { await labSh(lab, script, { user: USER }) }

describeStepContract(sandboxDocker, {
  lab: { systemd: true, docker: true },
  params: { OC_USER: USER },
  inputs: { IMAGE_FILE: LAB_SANDBOX_IMAGE_TAR, MODE: 'all' },
  setup: async (lab) => {
    await labSh(lab, `useradd -m -s /bin/bash ${USER} && chmod 700 ${HOME}`)
    token = await onboardLabOpenClaw(lab, USER)
  },
  touched: async (lab) => `${await openclawKeys(lab, KEYS, HOME)}\n${await dockerState(lab)}`,
  exact: async (lab) => `${await openclawKeys(lab, KEYS, HOME)}\n${await dockerState(lab)}\n${await openclawFiles(lab, HOME)}`,
  afterApply: (run) => {
    // The probe ran during apply and said what it saw; the admin was never added.
    if (!/probe ifaces lo\n/.test(run.stdout)) throw new Error(`apply printed no probe result:\n${run.stdout}`)
  },
  hardenByHand: async (lab) => {
    await labSh(lab, `docker load -i ${LAB_SANDBOX_IMAGE_TAR} >/dev/null && gpasswd -a ${USER} docker >/dev/null`)
    await asAccount(lab, `printf '%s' '{"agents":{"defaults":{"sandbox":{"mode":"all","backend":"docker","docker":{"image":"${LAB_SANDBOX_IMAGE}","network":"none"}}}}}' | openclaw config patch --stdin >/dev/null`)
  },
  breakByHand: (lab) => asAccount(lab, 'openclaw config set agents.defaults.sandbox.docker.network bridge >/dev/null'),
  alsoFails: [
    {
      what: 'a stopped dockerd (docker.service and docker.socket stopped)',
      make: async (lab) => { await labSh(lab, 'systemctl stop docker.socket docker.service') },
      unmake: async (lab) => { await labSh(lab, 'systemctl start docker.socket docker.service && timeout 60 docker info >/dev/null') },
    },
    {
      what: 'only docker.service stopped (the check must not start it again through docker.socket)',
      make: async (lab) => { await labSh(lab, 'systemctl stop docker.service') },
      unmake: async (lab) => { await labSh(lab, 'systemctl start docker.service && timeout 60 docker info >/dev/null') },
    },
    {
      what: 'the image removed',
      make: async (lab) => { await labSh(lab, `docker image rm ${LAB_SANDBOX_IMAGE} >/dev/null`) },
      unmake: async (lab) => { await labSh(lab, `docker load -i ${LAB_SANDBOX_IMAGE_TAR} >/dev/null`) },
    },
    {
      what: 'readOnlyRoot false (the probe sees a writable root)',
      make: (lab) => asAccount(lab, 'openclaw config set agents.defaults.sandbox.docker.readOnlyRoot false --strict-json >/dev/null'),
      unmake: (lab) => asAccount(lab, 'openclaw config set agents.defaults.sandbox.docker.readOnlyRoot true --strict-json >/dev/null'),
    },
  ],
  siblings: ['elevated-tools-off', 'gateway-loopback'],
  canaries: () => [token],
})

import { expect } from 'vitest'
import { describeStepContract, gatewayRuntime, labSh, onboardLabOpenClaw, openclawByHand, openclawFiles, openclawKeys } from '../../../test/helpers/step-contract'
import { gatewayLoopback } from './step'

// The lab's preinstalled OpenClaw as user ocss, onboarded with OpenClaw's own CLI (loopback, no trustedProxies).
let token = ''
const KEYS = ['gateway.bind', 'gateway.trustedProxies']
describeStepContract(gatewayLoopback, {
  params: { OC_USER: 'ocss' },
  setup: async (lab) => {
    token = await onboardLabOpenClaw(lab)
  },
  touched: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await gatewayRuntime(lab)}`,
  exact: async (lab) => `${await openclawKeys(lab, KEYS)}\n${await openclawFiles(lab)}\n${await gatewayRuntime(lab)}`,
  hardenByHand: async (lab) => {
    await openclawByHand(lab, ['config', 'set', 'gateway.bind', 'loopback'])
    await openclawByHand(lab, ['config', 'set', 'gateway.trustedProxies', '["127.0.0.1","::1"]', '--strict-json'])
  },
  breakByHand: (lab) => openclawByHand(lab, ['config', 'set', 'gateway.bind', 'lan']),
  // OpenClaw's own audit, run by apply after the write, no longer warns about missing trusted proxies.
  afterApply: (run) => {
    expect(run.stdout).toMatch(/^audit critical=0 /m)
    expect(run.stdout).not.toMatch(/gateway\.trusted_proxies_missing/)
  },
  alsoPasses: [
    {
      // The real gateway, started by hand as the account: it listens on 127.0.0.1 and ::1 only.
      what: 'the gateway running (openclaw gateway run)',
      make: async (lab) => {
        await labSh(lab, 'setsid openclaw gateway run >/tmp/gateway.log 2>&1 & echo $! >/tmp/gateway.pid; for i in $(seq 900); do ss -ltnH | grep -q ":18789 " && exit 0; sleep 0.2; done; cat /tmp/gateway.log; exit 1', { user: 'ocss' })
      },
      unmake: async (lab) => {
        await labSh(lab, 'pkill -TERM -s "$(cat /tmp/gateway.pid)"; for i in $(seq 300); do ss -ltnH | grep -q ":18789 " || exit 0; sleep 0.2; done; exit 1', { user: 'ocss' })
      },
      evidence: /^(?=[\s\S]*port 18789 listeners: )(?=[\s\S]*127\.0\.0\.1:18789)(?=[\s\S]*\[::1\]:18789)/,
    },
  ],
  alsoFails: [
    {
      // Something listening on the gateway's port on every address (as a gateway started with --bind lan would).
      what: 'a listener on 0.0.0.0:18789',
      make: async (lab) => {
        await labSh(lab, "setsid python3 -c 'import socket,time; s=socket.socket(); s.bind((\"0.0.0.0\",18789)); s.listen(); time.sleep(600)' >/dev/null 2>&1 & echo $! >/tmp/listener.pid; for i in $(seq 50); do ss -ltnH | grep -q ':18789 ' && exit 0; sleep 0.1; done; exit 1", { user: 'ocss' })
      },
      unmake: async (lab) => {
        await labSh(lab, 'kill "$(cat /tmp/listener.pid)"; for i in $(seq 50); do ss -ltnH | grep -q ":18789 " || exit 0; sleep 0.1; done; exit 1', { user: 'ocss' })
      },
    },
  ],
  siblings: ['mdns-off', 'elevated-tools-off', 'gateway-terminal-off', 'credential-permissions'],
  canaries: () => [token],
})

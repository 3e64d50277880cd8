import type { ChecklistItem } from './checklist-item'

/**
 * The checklist as data (ComplianceAsCode style: what is checked lives here, how a step checks it lives in src/catalog).
 *
 * WSL2 guide: "Security-Hardened Deployment Guide", section "Security Checklist - Complete Verification"
 *   https://vishal8shah.github.io/openclaw-personal-ai-agent/security
 *   (source: github.com/vishal8shah/openclaw-personal-ai-agent, docs-site/docs/security.md). Its 17 items are below in the
 *   guide's order and grouping, paraphrased. The guide's commands are partly outdated (see /work/shared/notes/openclaw.md
 *   §14): e.g. `security.allowedChannels`, `tools.policy.mode` and `sandbox.enabled` do not exist; the descriptions name the
 *   real keys (channels.<id>.dmPolicy/allowFrom, tools.profile/deny + tools.exec.mode, agents.defaults.sandbox.*).
 * VM items: the Proxmox VM guides' extra checks, as listed in issue 4.
 *
 * Step ids not in the catalogue yet are planned ids; until a step with that id exists the item reads "not set up yet".
 */
export const GUIDE_URL = 'https://vishal8shah.github.io/openclaw-personal-ai-agent/security'

const BOTH = ['wsl', 'ssh'] as const

export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  // --- WSL2 guide, network (layers 1-3)
  {
    id: 'router-isolation',
    title: 'Agent machine on its own router or guest network',
    layer: 1,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: 'The machine running OpenClaw sits on a separate router, guest SSID or VLAN, and home devices cannot reach it (nor it them).', probe: 'router-isolation' },
    description:
      'Put the agent on a network segment of its own so that a compromised agent cannot reach the NAS, phones or other computers at home. ' +
      'A probe (step router-isolation) tries the home devices you name from the machine: one that answers fails the item even when confirmed.',
  },
  {
    id: 'ufw-default-deny',
    title: 'Host firewall on, incoming denied by default',
    layer: 2,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['ufw-firewall'] },
    description: 'UFW is active, refuses every incoming connection unless a rule allows it, and still allows SSH where SSH is used.',
  },
  {
    id: 'gateway-loopback',
    title: 'Gateway listens on loopback only',
    layer: 3,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['gateway-loopback'] },
    description: 'The OpenClaw gateway (port 18789) is bound to 127.0.0.1 / ::1 and nothing else (gateway.bind loopback).',
  },
  // --- WSL2 guide, authentication (layers 4-6)
  {
    id: 'gateway-token',
    title: 'Gateway requires a long random token',
    layer: 4,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['gateway-token'] },
    description: 'Token authentication is on and the token has 64 characters, generated on the machine and never shown or logged.',
  },
  {
    id: 'channel-allowlist',
    title: 'Only your own chat may talk to the agent',
    layer: 5,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['channel-allowlist'] },
    description: 'Direct messages are limited to your own account (dmPolicy allowlist with your numeric id, or pairing); groups need a mention.',
  },
  {
    id: 'tool-policy',
    title: 'Tool policy restricted to an allowlist',
    layer: 6,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['tool-policy'] },
    description: 'The chosen tool-policy preset holds: a narrow tool profile with risky tool groups denied (tools.profile, tools.deny), commands never with full trust (tools.exec.mode), file tools only in the workspace, no elevated tools; the coding preset only with the sandbox in mode all.',
  },
  // --- WSL2 guide, system (layer 7)
  {
    id: 'dns-static',
    title: 'Static DNS configuration',
    layer: 7,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['dns-static'] },
    description:
      'Names resolve only through the name servers you chose: on WSL, WSL no longer rewrites /etc/resolv.conf on start and the file holds ' +
      'exactly those servers and is immutable (chattr +i); on a VM, systemd-resolved uses only them (or the same static file); a real lookup answers.',
  },
  // --- WSL2 guide, application (layers 8-10)
  {
    id: 'sandbox-no-network',
    title: 'Tools run in a Docker sandbox without network',
    layer: 8,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['sandbox-docker'] },
    description:
      'Docker (docker.io) is installed and running, and agent tools run in the openclaw-sandbox:bookworm-slim container with no network, a ' +
      'read-only root and every capability dropped (agents.defaults.sandbox.*); a probe container started the same way shows only lo and ' +
      'cannot reach the gateway port. Known risk: the OpenClaw account is in the docker group, which is worth root.',
  },
  {
    id: 'credential-permissions',
    title: 'Config and credential files readable by you only',
    layer: 9,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['credential-permissions'] },
    description: 'The OpenClaw folder is mode 700 and openclaw.json plus the credential stores are mode 600.',
  },
  {
    id: 'spend-cap',
    title: 'Spending limit set at the model provider',
    layer: 9,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: "A hard monthly usage limit is set in the model provider's billing settings." },
    description: 'A runaway loop or a hijacked agent cannot spend more than a fixed monthly amount.',
  },
  {
    id: 'skills-pinned',
    title: 'Only reviewed skills, pinned to exact versions',
    layer: 10,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['skills-pinned'] },
    description: 'Installed skills were reviewed first and are pinned in the ClawHub lock file, never following "latest".',
  },
  // --- WSL2 guide, monitoring
  {
    id: 'health-ping',
    title: 'External health ping configured',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['health-ping'] },
    description: 'A scheduled job reports the gateway healthy to an outside service, which alerts you when the pings stop.',
  },
  {
    id: 'observability-stack',
    title: 'Monitoring stack deployed',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: 'Metrics, traces and cost monitoring for the agent are running (for example the observability guide of the same author).' },
    description: 'You can see what the agent does and what it costs over time.',
  },
  {
    id: 'alert-thresholds',
    title: 'Alert thresholds tuned',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: 'Alerts fire on real problems (crash, cost spike) and not on noise.' },
    description: 'Alerts are calibrated so that you notice when something goes wrong.',
  },
  // --- WSL2 guide, ongoing practice
  {
    id: 'secret-scan',
    title: 'Secret scanning before commits',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: 'A pre-commit secret scanner runs in every repository you edit with the agent.' },
    description: 'Tokens and keys are caught before they reach a repository.',
  },
  {
    id: 'key-rotation',
    title: 'Key rotation schedule',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'manual', prompt: 'Gateway token and provider keys were rotated (or reviewed) this quarter, and at once after a lost device or an exposed key.', renewEveryDays: 91 },
    description: 'Keys are rotated quarterly, and immediately when a device is lost or a key is exposed.',
  },
  {
    id: 'audit-after-change',
    title: 'Security audit after every config change',
    layer: 0,
    source: 'wsl-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['audit-fresh'] },
    description: "OpenClaw's deep security audit ran after the last change to its configuration.",
  },

  // --- Proxmox VM guides
  {
    id: 'vm-static-ip',
    title: 'Static IP address',
    layer: 1,
    source: 'vm-guide',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['static-ip'] },
    description: 'The VM has a fixed address, so firewall rules and SSH host keys keep meaning the same machine.',
  },
  {
    id: 'vm-nftables-loaded',
    title: 'nftables rules loaded',
    layer: 2,
    source: 'vm-guide',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['nftables-rules'] },
    description: 'The sandbox\u2019s nftables table (inet oc_sandbox: docker0 reaches the internet, never the LAN) is loaded now and at boot.',
  },
  {
    id: 'vm-sandbox-no-lan',
    title: 'Sandbox cannot reach the LAN',
    layer: 8,
    source: 'vm-guide',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['sandbox-lan-isolation'] },
    description: 'A connection from the sandbox to private LAN addresses is refused.',
  },
  {
    id: 'vm-gateway-no-lan',
    title: 'Gateway cannot reach the LAN',
    layer: 2,
    source: 'vm-guide',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['gateway-lan-isolation'] },
    description: 'Outgoing connections from the gateway host to private LAN addresses are refused; the internet stays reachable.',
  },
  {
    id: 'vm-gateway-service',
    title: 'Gateway service enabled, with linger',
    layer: 0,
    source: 'vm-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['wsl-systemd', 'gateway-service'], onlyOn: { 'wsl-systemd': ['wsl'] } },
    description: 'openclaw-gateway.service is an enabled user unit and the user lingers, so the gateway runs without a login.',
  },
  {
    id: 'vm-mdns-off',
    title: 'mDNS discovery off',
    layer: 3,
    source: 'vm-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['mdns-off'] },
    description: 'The gateway does not announce itself on the local network (discovery.mdns.mode off).',
  },
  {
    id: 'vm-elevated-off',
    title: 'Elevated tools off',
    layer: 6,
    source: 'vm-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['elevated-tools-off'] },
    description: 'Tools cannot escape the sandbox to run on the host (tools.elevated.enabled false).',
  },
  {
    id: 'vm-gateway-terminal-off',
    title: "Gateway's web terminal off",
    layer: 6,
    source: 'vm-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['gateway-terminal-off'] },
    description: 'The Control UI offers no host shell (gateway.terminal.enabled false).',
  },
  {
    id: 'vm-openclaw-audit',
    title: "OpenClaw's own audit: 0 critical",
    layer: 0,
    source: 'vm-guide',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['openclaw-audit'] },
    description:
      '`openclaw security audit --deep --json` reports no critical finding. It runs as the login user with the "openclaw" program found first in that user\'s PATH, so a compromised account can make it read pass; the evidence names that program (its real path), its owner and mode.',
    caveat: 'Self-reported by the OpenClaw account',
  },

  // --- added by this app: the catalogue checks them, neither list names them
  {
    id: 'wsl-lockdown',
    title: 'WSL distro locked down',
    layer: 2,
    source: 'app',
    targets: ['wsl'],
    check: { kind: 'steps', stepIds: ['wsl-conf-lockdown'] },
    description: 'wsl.conf turns Windows interop, drive automount and the Windows PATH off for the distro.',
  },
  {
    id: 'wsl-keep-alive',
    title: 'Gateway kept alive on WSL',
    layer: 0,
    source: 'app',
    targets: ['wsl'],
    check: { kind: 'steps', stepIds: ['wsl-keep-alive'] },
    description:
      'On Windows: [general] instanceIdleTimeout=-1 in %UserProfile%\\.wslconfig (WSL never stops the idle distribution) and a logon task of yours that starts it, so the gateway runs without an open terminal.',
  },
  {
    id: 'openclaw-onboard',
    title: 'OpenClaw onboarded as a local gateway',
    layer: 0,
    source: 'app',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['openclaw-onboard'] },
    description: "The OpenClaw account's openclaw.json exists and parses, gateway.mode is local and its workspace folder exists.",
  },
  {
    id: 'ssh-key-only',
    title: 'SSH logins by key only',
    layer: 2,
    source: 'app',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['ssh-password-login'] },
    description: 'The SSH server refuses password logins.',
  },
  {
    id: 'sudo-check-only',
    title: 'Routine checks need no sudo password',
    layer: 2,
    source: 'app',
    targets: ['ssh'],
    check: { kind: 'steps', stepIds: ['sudo-check-launcher'] },
    description: "A sudoers rule lets the admin account run only the app's check launcher as root without a password, and the launcher runs only this app version's checks; no typed password reaches the login account's sessions for the regular checks.",
  },
  {
    id: 'openclaw-account',
    title: 'OpenClaw runs as an account without sudo',
    layer: 0,
    source: 'app',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['openclaw-account'] },
    description: "OpenClaw's account has no sudo rights and a home only it can enter; on an SSH machine it is a user of its own, not the account the app logs in as.",
  },
  {
    id: 'openclaw-install',
    title: 'OpenClaw installed at the pinned version',
    layer: 0,
    source: 'app',
    targets: BOTH,
    check: { kind: 'steps', stepIds: ['openclaw-install'] },
    description: "The pinned OpenClaw runs on a Node whose tarball matched the pinned SHA-256, both in the OpenClaw account's own prefix and writable by that account only.",
  },
]

export function itemById(id: string): ChecklistItem | undefined {
  return CHECKLIST_ITEMS.find((i) => i.id === id)
}

import type { CatalogStep } from '../catalog-step'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateRouterIsolation } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateRouterIsolation }

/** Layer 1: a probe beside the manual confirmation that this machine is on a network of its own. Changes nothing. */
export const routerIsolation: CatalogStep = {
  meta: {
    id: 'router-isolation',
    layer: 1,
    title: 'Home devices out of reach (router isolation probe)',
    rationale:
      'The guides put the agent\'s machine on a router, guest network or VLAN of its own, so that a hijacked agent cannot reach your NAS, ' +
      'your main router\'s admin page or the other computers at home. No command can see your router\'s settings, so the checklist item ' +
      'stays your confirmation; this probe adds evidence beside it. Name a few home devices (the NAS, the main router) and your home ' +
      'subnet: from this machine the probe tries each device\'s usual ports and ping, and compares this machine\'s own networks with the ' +
      'home subnet. A device that answers fails the item, even when you confirmed it by hand. It changes nothing on the machine.',
    why: [
      {
        title: 'What the probe tries',
        paragraphs: [
          'Every try runs at the same time and gives up after 2 seconds, so the whole probe takes about 2 seconds however many devices you name (at most 8). It runs as root, so a firewall rule for the OpenClaw account alone does not hide a device that the machine itself can reach.',
          'A device counts as reachable when any port accepts the connection or refuses it (a refusal is an answer: something is at that address), or when it answers ping. It counts as unreachable only when every try times out or there is no route to it.',
        ],
        table: {
          columns: ['Port', 'Why'],
          rows: [
            ['22', 'ssh on a NAS, a Raspberry Pi, some routers'],
            ['53', 'the router\'s DNS'],
            ['80, 443', 'web admin pages of routers, NAS, printers, cameras'],
            ['139, 445', 'Windows file sharing (SMB) on a NAS or PC'],
            ['5000, 5001', 'Synology DSM (http, https)'],
            ['8080', 'other admin pages (QNAP, cameras, media servers)'],
            ['ICMP', 'ping, with iputils-ping (on every stock Ubuntu); without it the probe says "not tried"'],
          ],
        },
      },
      {
        title: 'The home subnet',
        paragraphs: [
          'The probe fails when one of this machine\'s own networks (ip -4 addr), or its default gateway, lies in the home subnet you give: then it sits on the home network, whatever the devices answer.',
          'On WSL the Linux side normally sits behind Windows\' NAT (a 172.16.0.0/12 address, the Windows host as gateway), so its own subnet says little: Windows is on whatever network the laptop joined (home Wi-Fi or guest Wi-Fi). The probe\'s tries go out through Windows, so they show what the agent can reach. With mirrored networking (networkingMode=mirrored in .wslconfig, which a check inside Linux cannot read reliably) the Linux side has the Windows host\'s own addresses, and the subnet comparison applies to them.',
        ],
      },
      {
        title: 'What it cannot tell',
        bullets: [
          'Devices you did not name: it tries only the ones you list.',
          'A firewall between the networks that answers with a reset (reject with tcp-reset) instead of dropping reads as reachable: something answered in the device\'s name. Guest networks and VLAN rules normally drop.',
          'Whether your home devices can reach this machine: the other direction needs a test from a home device (docs/layer-1-router.md).',
        ],
      },
    ],
    warnings: [],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'As root, at once and each try at most 2 s: a TCP connect with bash\'s /dev/tcp to ports 22, 53, 80, 139, 443, 445, 5000, 5001 and 8080 of ' +
      'each home device, and ping -c 2 -w 2; then ip -4 -o addr, ip -4 route show default, ip -4 route get for each device and the ' +
      'name servers in /etc/resolv.conf. Fails when any device answers (accepted, refused, ping reply) or a network of the machine ' +
      'overlaps the home subnet. Changes nothing.',
    actor: 'root',
    checkOnly: true,
    inputs: [
      {
        name: 'DEVICES',
        label: 'Home devices',
        help: 'The IPv4 addresses of a few devices on your home network, e.g. the NAS and the main router (192.168.1.20, 192.168.1.1). At most 8, separated by commas or spaces.',
        kind: 'ipv4-list',
        required: true,
      },
      {
        name: 'HOME_SUBNET',
        label: 'Home subnet',
        help: 'Your home network, e.g. 192.168.1.0/24 (your main router\'s settings page shows it).',
        kind: 'ipv4-cidr',
        required: true,
      },
    ],
  },
  scripts: { apply: applyScript, check: checkScript, undo: undoScript },
  evaluate: evaluateRouterIsolation,
  evaluatorSource,
}

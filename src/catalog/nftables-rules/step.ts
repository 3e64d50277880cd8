import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import prelude from '../lib/prelude.sh?raw'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateNftables } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import nftLib from './nft.sh?raw'
import simSource from './nft-sim.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateNftables }

const LIBS: Readonly<Record<string, string>> = { 'prelude.sh': prelude, 'nft.sh': nftLib }

/** The native-npm guide's firewall (its section 8): sandbox containers reach the internet, never the LAN. */
export const nftablesRules: CatalogStep = {
  meta: {
    id: 'nftables-rules',
    layer: 8,
    title: 'Keep sandboxes off the LAN (nftables)',
    rationale:
      'OpenClaw runs its tools in Docker containers on the bridge docker0, and Docker lets a container reach every address the machine ' +
      'can reach: your router\'s admin page, a NAS, a printer, the cloud\'s metadata service. A tool that was talked into it (a prompt ' +
      'injection in a web page or a mail) could scan and attack them. This step loads the native-npm guide\'s table inet oc_sandbox: ' +
      'what enters from docker0 may reach the internet, but every private network (10/8, 172.16/12, 192.168/16), link-local ' +
      '169.254/16 (the metadata service), carrier-grade NAT 100.64/10 (Tailscale devices), private and link-local IPv6 and multicast ' +
      'are dropped, and DNS may go only to the name servers this machine uses now (pin them with "Pin DNS" so they stay the same). ' +
      'The gateway itself runs on the host, not in a container, so it keeps reaching your model server.',
    why: [
      {
        title: 'How it lives beside the rest of the firewall',
        bullets: [
          'The table is in the app\'s own file, /etc/openclaw-secure-setup/nftables/oc-sandbox.nft, checked with nft -c before it is loaded.',
          'ocss-nftables.service loads it after the system\'s nftables.service and again whenever that one restarts (Debian\'s /etc/nftables.conf starts with "flush ruleset", which would remove it).',
          'Loading it replaces only table inet oc_sandbox, in one transaction. The guide\'s own file starts with "flush ruleset", which also removes Docker\'s NAT rules: this step never flushes.',
          'It has only a forward chain: nothing the machine itself receives or sends is filtered, so SSH cannot be locked out, and UFW keeps the incoming side. A packet must pass both: a drop in either wins.',
          'The guide lets DNS go anywhere (its DNS rule is followed by "accept everything"); this table drops DNS to any other server, so a tool cannot use its own resolver to get around DNS pinning.',
          'With "My router" as the name server, sandboxes may send DNS (port 53 only) to the router; choose a public resolver to close that too.',
        ],
      },
    ],
    warnings: [
      'Containers on docker0 lose access to every device on your LAN, including ones they used on purpose (a NAS share, a local model server).',
      'Containers on other Docker networks (docker compose projects, user-defined bridges) are not covered: this table filters docker0 only.',
    ],
    targets: ['ssh'],
    checkDescription:
      'As root: nft -j list table inet oc_sandbox, and the table that the boot source (ocss-nftables.service with its file, or ' +
      'nftables.service with /etc/nftables.conf) loads into a new, empty network namespace. Sample packets from docker0 go through ' +
      'each: another container, DNS to each name server this machine uses, and the internet over IPv4 and IPv6 must be accepted; ' +
      'hosts in 10/8, 172.16/12 and 192.168/16, the LAN gateway, 169.254.169.254, private and link-local IPv6, multicast and a DNS ' +
      'server the machine does not use must be dropped.',
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  evaluate: evaluateNftables,
  evaluatorSource: [evaluateSource, simSource].join('\n'),
}

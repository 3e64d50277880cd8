import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import dnsLib from '../lib/dns.sh?raw'
import { WSL_LIBS } from '../lib/wsl-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import { evaluateDns } from './evaluate'
import evaluateSource from './evaluate.ts?raw'
import { DEFAULT_DNS_CHOICE, DNS_CHOICES, dnsServersShell } from './servers'
import serversSource from './servers.ts?raw'
import undoScript from './undo.sh?raw'

export { evaluateDns }

const LIBS: Readonly<Record<string, string>> = { ...WSL_LIBS, 'dns.sh': dnsLib, 'dns-servers.sh': dnsServersShell() }

/** Layer 7: names resolve only through the name servers the person chose, and nothing rewrites that. */
export const dnsStatic: CatalogStep = {
  meta: {
    id: 'dns-static',
    layer: 7,
    title: 'Pin DNS to the name servers you choose',
    rationale:
      'Every name the machine looks up (the model provider, Telegram, a skill\'s download) goes to a name server, which can log it and ' +
      'can answer with a wrong address. On WSL that server is whatever Windows uses at the moment, written into /etc/resolv.conf anew on ' +
      'every start (it is a symlink WSL owns); on a VM it is whatever DHCP hands out. This step pins the machine to the servers you ' +
      'choose. On WSL: [network] generateResolvConf=false in /etc/wsl.conf (every other line kept), /etc/resolv.conf replaced by a ' +
      'static file with exactly those servers and made immutable with chattr +i, so neither WSL nor a program running as root by ' +
      'mistake can change it; then the distribution restarts. On a VM with systemd-resolved (Ubuntu\'s default, also when netplan ' +
      'configures the network): a drop-in in /etc/systemd/resolved.conf.d with DNS= and Domains=~., so the chosen servers answer every ' +
      'name; with a plain resolv.conf, the static file and chattr +i as on WSL. The guide uses Google (8.8.8.8, 8.8.4.4). The same ' +
      'setting is where the Proxmox firewall allows DNS. Undo takes the flag off and restores the earlier file or symlink (its target ' +
      'exactly), the drop-in and wsl.conf.',
    why: [
      {
        title: 'What each choice means for your privacy',
        table: { columns: ['Choice', 'Servers', 'Who sees the names you look up'], rows: DNS_CHOICES.map((c) => [c.label, c.addresses.join(', ') || 'your router\'s address', c.privacy]) },
      },
    ],
    warnings: [
      'Names of your home network (a NAS by name, router.local) no longer resolve unless you choose your router.',
      'If the chosen servers cannot be reached (a network that blocks outside DNS), no name resolves until you undo the step or choose others.',
      'On WSL the distribution restarts: every Linux program running in it is stopped.',
    ],
    targets: ['ssh', 'wsl'],
    checkDescription:
      'On WSL: [network] generateResolvConf in /etc/wsl.conf must be false. Where the file is used (WSL, plain resolv.conf): ' +
      '/etc/resolv.conf must be a regular file whose nameserver lines are exactly the chosen servers, and lsattr must show the i flag. ' +
      'With systemd-resolved: resolvectl dns must show exactly the chosen servers as Global and resolvectl domain "~." as Global. ' +
      'Then a real lookup: getent -s dns ahostsv4 example.com (the resolver library\'s DNS only, not /etc/hosts) must answer within a few seconds.',
    effects: ['restart-wsl-distro'],
    inputs: [
      {
        name: 'SERVERS',
        label: 'Name servers',
        help: DNS_CHOICES.map((c) => `${c.label}: ${c.privacy}`).join(' '),
        kind: 'choice',
        required: true,
        default: DEFAULT_DNS_CHOICE,
        choices: DNS_CHOICES.map((c) => ({ value: c.value, label: c.label })),
      },
      {
        name: 'ROUTER_IP',
        label: 'Router address',
        help: 'Your router\'s IPv4 address as this machine reaches it, such as 192.168.1.1. Only for the "My router" choice.',
        kind: 'ipv4',
        required: false,
        requiredWhen: { name: 'SERVERS', value: 'router' },
      },
    ],
  },
  scripts: { apply: withIncludes(applyScript, LIBS), check: withIncludes(checkScript, LIBS), undo: withIncludes(undoScript, LIBS) },
  evaluate: evaluateDns,
  evaluatorSource: [evaluateSource, serversSource].join('\n'),
}

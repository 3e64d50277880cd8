/**
 * The name servers a person may pin a machine to (layer 7), with what each choice means for privacy. One setting per
 * target (the saved input SERVERS of step dns-static, plus ROUTER_IP for "router"); the Proxmox nftables rules read the
 * same setting, so DNS is allowed exactly where the machine resolves. Also the single source of the shell mapping
 * (`dnsServersShell`), so the scripts and the form can never disagree.
 */

export type DnsChoice = 'router' | 'quad9' | 'cloudflare' | 'google'

export interface DnsServerChoice {
  readonly value: DnsChoice
  readonly label: string
  /** Fixed IPv4 addresses; empty for "router" (the person's own router address). */
  readonly addresses: readonly string[]
  /** One line: who sees the names this machine looks up. */
  readonly privacy: string
}

export const DNS_CHOICES: readonly DnsServerChoice[] = [
  {
    value: 'router',
    label: 'My router',
    addresses: [],
    privacy: 'Your router sees every name, and usually forwards it to your internet provider, who sees it too (and may log or sell it).',
  },
  {
    value: 'quad9',
    label: 'Quad9 (9.9.9.9, 149.112.112.112)',
    addresses: ['9.9.9.9', '149.112.112.112'],
    privacy: 'Quad9, a Swiss non-profit, sees every name; it says it keeps no IP addresses, and it blocks known malware domains.',
  },
  {
    value: 'cloudflare',
    label: 'Cloudflare (1.1.1.1, 1.0.0.1)',
    addresses: ['1.1.1.1', '1.0.0.1'],
    privacy: 'Cloudflare sees every name; it says it deletes query logs within 24 hours and sells no data (audited).',
  },
  {
    value: 'google',
    label: 'Google (8.8.8.8, 8.8.4.4), as in the guide',
    addresses: ['8.8.8.8', '8.8.4.4'],
    privacy: 'Google sees every name; it keeps full logs for a day or two and anonymised ones longer.',
  },
]

export const DEFAULT_DNS_CHOICE: DnsChoice = 'quad9'

export function dnsChoice(value: string): DnsServerChoice | undefined {
  return DNS_CHOICES.find((c) => c.value === value)
}

/** The addresses a saved setting stands for ([] when unknown, or "router" without its address). */
export function dnsServers(choice: string, routerIp?: string): string[] {
  const c = dnsChoice(choice)
  if (!c) return []
  if (c.value === 'router') return routerIp ? [routerIp] : []
  return [...c.addresses]
}

/** `ocss_dns_choice_servers CHOICE [ROUTER_IP]` for the scripts, generated from DNS_CHOICES. */
export function dnsServersShell(): string {
  const cases = DNS_CHOICES.filter((c) => c.value !== 'router').map((c) => `    ${c.value}) echo '${c.addresses.join(' ')}' ;;`)
  return [
    `ocss_dns_default_choice=${DEFAULT_DNS_CHOICE}`,
    '# ocss_dns_choice_servers CHOICE [ROUTER_IP]: the addresses of a name-server choice (generated from servers.ts).',
    'ocss_dns_choice_servers() {',
    '  case "$1" in',
    ...cases,
    // One whole value, not any one line of it (a value with a line break must not pass).
    '    router) [[ ${2:-} =~ ^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$ ]] || return 1; echo "$2" ;;',
    '    *) return 1 ;;',
    '  esac',
    '}',
    '',
  ].join('\n')
}

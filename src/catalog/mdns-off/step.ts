import { openclawConfigStep } from '../openclaw/config-step'
import source from './step.ts?raw'

/** VM guide: no mDNS broadcast of the gateway on the local network (`discovery.mdns.mode off`). */
export const mdnsOff = openclawConfigStep({
  id: 'mdns-off',
  source,
  layer: 3,
  title: 'mDNS discovery off',
  rationale:
    'By default OpenClaw announces its gateway on the local network with mDNS ("minimal" mode; "full" adds the CLI path and SSH port). ' +
    'Anyone on the same network learns that an agent runs here and where. With discovery.mdns.mode "off" nothing is announced; ' +
    'apps that should reach the gateway are given its address by hand.',
  warnings: ['Companion apps on the same network no longer find the gateway by themselves; enter its address by hand.'],
  targets: ['ssh', 'wsl'],
  set: { 'discovery.mdns.mode': 'off' },
  passSummary: 'mDNS discovery is off: the gateway is not announced on the local network.',
})

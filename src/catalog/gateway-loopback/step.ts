import { keyValue, type OpenClawFacts } from '../openclaw/facts'
import { openclawConfigStep, type VerifyResult } from '../openclaw/config-step'
import source from './step.ts?raw'

/** 127.0.0.0/8 and ::1 (also as ::ffff:127.x). */
export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1' || /^::ffff:127\./i.test(address) || address === 'localhost'
}

const loopbackOnly = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && isLoopback(x.replace(/\/\d+$/, '')))

/** While the gateway runs, `ss -ltnp` must show its port on loopback addresses only. */
export function verifyListeners(facts: OpenClawFacts): VerifyResult {
  const port = keyValue(facts, 'gateway.port').value
  if (facts.listeners === null) return { problems: ['ss -ltnp could not be read, so the live listeners are unknown'], evidence: ['ss -ltnpH: failed'] }
  const on = facts.listeners.filter((l) => l.port === port)
  if (on.length === 0) return { problems: [], evidence: [`port ${String(port)}: no listener (the gateway is not running; the config decides where it will listen)`] }
  const shown = on.map((l) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}${l.process ? ` (${l.process})` : ''}`)
  const open = on.filter((l) => !isLoopback(l.address))
  return {
    problems: open.length > 0 ? [`the gateway port listens beyond loopback: ${open.map((l) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`).join(', ')}`] : [],
    evidence: [`port ${String(port)} listeners: ${shown.join(', ')}`],
  }
}

/** Layer 3: the gateway listens on loopback only, and trusts only a local reverse proxy's forwarded headers. */
export const gatewayLoopback = openclawConfigStep({
  id: 'gateway-loopback',
  source,
  layer: 3,
  title: 'Gateway on loopback only',
  rationale:
    'The gateway is the agent\'s front door: its API, the Control UI and the channels all come in through one port (18789). ' +
    'Bound to loopback (127.0.0.1 and ::1) it is reachable only from this machine, so nobody on the network can even try a token. ' +
    'gateway.trustedProxies lists 127.0.0.1 so that a local reverse proxy or SSH tunnel is the only hop whose forwarded headers ' +
    'count, which also clears OpenClaw\'s own audit warning gateway.trusted_proxies_missing.',
  warnings: ['Other devices reach the gateway only through an SSH tunnel or a local reverse proxy from now on.', 'The gateway restarts if it runs.'],
  targets: ['ssh', 'wsl'],
  set: { 'gateway.bind': 'loopback', 'gateway.trustedProxies': ['127.0.0.1'] },
  accept: { 'gateway.trustedProxies': loopbackOnly },
  checkDescription: 'gateway.trustedProxies may list any loopback addresses. While the gateway runs, `ss -ltnp` must show its port on 127.0.0.1 and ::1 only; 0.0.0.0 or a LAN address fails.',
  verify: verifyListeners,
  passSummary: 'The gateway listens on loopback only and trusts only local proxies.',
})

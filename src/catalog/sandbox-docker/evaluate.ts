import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections } from '../catalog-step'
import { factsError } from '../openclaw/config-step'
import { keyValue, parseOpenClawFacts, type OpenClawFacts } from '../openclaw/facts'

export const SANDBOX_IMAGE = 'openclaw-sandbox:bookworm-slim'

/** "KEY rest" lines of a section as a map (first word → the rest). */
function fields(lines: readonly string[] | undefined): Map<string, string> {
  const m = new Map<string, string>()
  for (const l of lines ?? []) {
    const i = l.indexOf(' ')
    if (i > 0 && !m.has(l.slice(0, i))) m.set(l.slice(0, i), l.slice(i + 1).trim())
  }
  return m
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The settings OpenClaw reads (agents.defaults.sandbox, defaults for absent keys) and what they must be. */
function settingProblems(facts: OpenClawFacts, evidence: string[]): string[] {
  const problems: string[] = []
  const get = (k: string) => keyValue(facts, `agents.defaults.sandbox.${k}`).value
  const mode = get('mode')
  const backend = get('backend')
  const network = get('docker.network')
  const ro = get('docker.readOnlyRoot')
  const caps = get('docker.capDrop')
  const image = get('docker.image')
  evidence.push(
    `agents.defaults.sandbox: mode ${JSON.stringify(mode)}, backend ${JSON.stringify(backend)}, scope ${JSON.stringify(get('scope'))}, workspaceAccess ${JSON.stringify(get('workspaceAccess'))}`,
    `agents.defaults.sandbox.docker: image ${JSON.stringify(image)}, network ${JSON.stringify(network)}, readOnlyRoot ${JSON.stringify(ro)}, capDrop ${JSON.stringify(caps)}`,
  )
  if (mode !== 'all' && mode !== 'non-main') problems.push(`the sandbox is off (agents.defaults.sandbox.mode is ${JSON.stringify(mode)}, not "all" or "non-main")`)
  if (backend !== 'docker') problems.push(`the sandbox backend is ${JSON.stringify(backend)}, not "docker"`)
  if (network !== 'none') problems.push(`the sandbox has network ${JSON.stringify(network)}, not "none"`)
  if (ro !== true) problems.push('the sandbox root filesystem is writable (docker.readOnlyRoot is not true)')
  if (!Array.isArray(caps) || !caps.includes('ALL')) problems.push(`the sandbox keeps capabilities (docker.capDrop is ${JSON.stringify(caps)}, not ["ALL"])`)
  if (image !== SANDBOX_IMAGE) problems.push(`the sandbox image is ${JSON.stringify(image)}, not ${SANDBOX_IMAGE}`)
  // An agent of its own may override the defaults (agents.entries.<id>.sandbox): the same rules hold there.
  const entries = keyValue(facts, 'agents.entries').value
  for (const [id, entry] of Object.entries(isObject(entries) ? entries : {})) {
    const sb = isObject(entry) ? entry.sandbox : undefined
    if (!isObject(sb)) continue
    const d = isObject(sb.docker) ? sb.docker : {}
    evidence.push(`agents.entries.${id}.sandbox overrides: ${Object.keys(sb).join(', ')}`)
    if (sb.mode === 'off') problems.push(`agent "${id}" turns its sandbox off (agents.entries.${id}.sandbox.mode "off")`)
    if (d.network !== undefined && d.network !== 'none') problems.push(`agent "${id}" gives its sandbox network ${JSON.stringify(d.network)}`)
    if (d.readOnlyRoot === false) problems.push(`agent "${id}" makes its sandbox root writable`)
    if (d.capDrop !== undefined && !(Array.isArray(d.capDrop) && d.capDrop.includes('ALL'))) problems.push(`agent "${id}" keeps capabilities in its sandbox`)
  }
  return problems
}

/**
 * Judges the Docker sandbox: OpenClaw's settings (facts), docker.io and a running docker.service (OpenClaw itself does not
 * warn about a missing daemon), the image, and the probe, a container started as the sandbox starts it: only `lo`, a
 * read-only root, no capabilities, and no connection to the gateway port. The docker group is a known risk, said so.
 */
export function evaluateSandbox(output: CheckOutput): CheckVerdict {
  const sections = parseSections(output.stdout)
  const facts = parseOpenClawFacts(sections)
  const err = factsError(facts)
  if (err) return err
  if (!sections.has('docker-engine')) return { status: 'error', summary: 'The check printed no Docker facts.', evidence: ['no docker-engine section'] }
  const user = (facts.account as { readonly user: string }).user
  const engine = fields(sections.get('docker-engine'))
  const evidence: string[] = [`OpenClaw ${facts.version ?? '?'} for ${user}`]
  const problems = settingProblems(facts, evidence)

  const dockerd = engine.get('dockerd') ?? 'missing'
  const service = engine.get('service') || 'unknown'
  evidence.push(`docker.io: ${engine.get('package') ?? '?'}; dockerd ${dockerd}; docker.service ${service} (${engine.get('enabled') || '?'}), docker.socket ${engine.get('socket') || '?'}`)
  if (dockerd === 'missing') problems.push('Docker is not installed (no dockerd)')
  else if (service !== 'active') problems.push(`the Docker daemon is not running (docker.service is ${service}); OpenClaw does not warn about this, its sandboxed tools just fail`)

  const group = engine.get('group') ?? ''
  const inGroup = engine.get('account') === `${user} in-group`
  evidence.push(`docker group: ${group === '' ? 'no members' : group}`)
  if (inGroup) evidence.push(`Known risk: ${user} is in the docker group, which is worth root on this machine (a member can start a container that mounts /). Rootless Docker avoids this.`)
  else if (dockerd !== 'missing') problems.push(`${user} is not in the docker group, so the gateway cannot start sandboxes`)

  if (service === 'active') {
    const image = fields(sections.get('docker-image')).get('image') ?? 'missing (not inspected)'
    if (image.startsWith('missing')) problems.push(`the sandbox image is not there (docker image inspect: ${image.slice(8) || 'no such image'})`)
    else evidence.push(`docker image inspect: ${image.split(' ')[0] ?? '?'} (user ${image.split(' ')[1] || 'root'})`)

    const probe = sections.get('docker-probe') ?? []
    const p = fields(probe.map((l) => l.replace(/^probe /, '')))
    for (const l of probe) if (l.startsWith('probe ')) evidence.push(`probe: ${l.slice(6)}`)
    const failed = probe.find((l) => l.startsWith('probe failed') || l.startsWith('probe skipped'))
    if (failed) problems.push(`the probe container did not run (${failed.slice(6)})`)
    else if (!image.startsWith('missing')) {
      const ifaces = (p.get('ifaces') ?? '').split(' ').filter(Boolean)
      if (ifaces.length !== 1 || ifaces[0] !== 'lo') problems.push(`the probe container has network interfaces ${ifaces.join(', ') || 'none'}, not only lo`)
      if (!(p.get('rootmount') ?? '').split(',').includes('ro')) problems.push(`the probe container's root filesystem is mounted ${p.get('rootmount') ?? '?'}, not read-only`)
      if ((p.get('rootwrite') ?? '').endsWith(' ok')) problems.push('the probe container could write to its root filesystem')
      const cap = p.get('capeff') ?? ''
      if (!/^0+$/.test(cap)) problems.push(`the probe container keeps capabilities (CapEff ${cap || '?'})`)
      const connects = probe.filter((l) => l.startsWith('probe connect '))
      if (connects.length === 0) problems.push('the probe did not try the gateway port')
      for (const c of connects) if (/ ok$/.test(c)) problems.push(`the probe container reached ${c.split(' ')[2] ?? '?'} (the gateway port)`)
    }
  }

  if (problems.length > 0) return { status: 'fail', summary: `${problems.join('; ')}.`, evidence }
  return {
    status: 'pass',
    summary: `Agent tools run in the Docker sandbox (${String(keyValue(facts, 'agents.defaults.sandbox.mode').value)}): the probe container had only lo, a read-only root and no capabilities, and could not reach the gateway port. Known risk: ${user} is in the docker group (worth root).`,
    evidence,
  }
}

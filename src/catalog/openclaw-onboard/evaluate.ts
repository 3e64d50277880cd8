import type { CheckOutput, CheckVerdict } from '../catalog-step'
import { parseConfigShape, type ConfigShape } from './shapes'

/** The verdict for a config that is not there or not readable, or null when it parsed. Shared by the OpenClaw steps. */
export function configProblem(c: ConfigShape, raw: string): CheckVerdict | null {
  if (c.account === undefined) return { status: 'error', summary: 'The check printed nothing usable.', evidence: raw.split('\n').slice(0, 5) }
  if ('missing' in c.account) return { status: 'fail', summary: `No OpenClaw account: ${c.account.missing}`, evidence: [c.account.missing] }
  const conf = `${c.account.home}/.openclaw/openclaw.json`
  if (c.state === undefined) return { status: 'error', summary: 'The check printed nothing usable (is /usr/bin/python3 installed?).', evidence: raw.split('\n').slice(0, 5) }
  const ev = [`account: ${c.account.user} (${c.account.home})`, `openclaw.json: ${c.state}`]
  if (c.state === 'missing') return { status: 'fail', summary: `Not onboarded: ${conf} does not exist. Apply "OpenClaw onboarding".`, evidence: ev }
  if (c.state === 'symlink') return { status: 'fail', summary: `${conf} is a symbolic link; the app does not follow it. Replace it with the real file.`, evidence: ev }
  if (c.state === 'not-a-file') return { status: 'fail', summary: `${conf} is not a regular file.`, evidence: ev }
  if (c.state.startsWith('too-large')) return { status: 'fail', summary: `${conf} is larger than 1 MiB; the check does not read it.`, evidence: ev }
  if (c.state.startsWith('unparsable')) {
    return {
      status: 'fail',
      summary: `${conf} does not parse as JSON (${c.state.slice('unparsable '.length)}). Run "openclaw config validate" as ${c.account.user} to see where.`,
      evidence: ev,
    }
  }
  if (c.state !== 'present') return { status: 'error', summary: `Unexpected state of openclaw.json: ${c.state}`, evidence: ev }
  return null
}

export function evaluateOnboard(output: CheckOutput): CheckVerdict {
  const c = parseConfigShape(output.stdout)
  const problem = configProblem(c, output.stdout)
  if (problem) return problem
  const mode = c.keys.get('gateway.mode') ?? 'unset'
  const ws = c.workspace
  const user = c.account && 'user' in c.account ? c.account.user : ''
  const evidence = [
    `account: ${user}`,
    'openclaw.json: present, parses',
    `gateway.mode: ${mode}`,
    `workspace: ${ws ? `${ws.path} (${ws.kind === 'dir' ? 'a folder' : ws.kind})` : 'unknown'}`,
    `tools.profile: ${c.keys.get('tools.profile') ?? 'unset'}`,
  ]
  if (mode !== 'local') {
    return { status: 'fail', summary: `gateway.mode is ${mode === 'unset' ? 'not set' : `"${mode}"`}, not "local": this machine is not onboarded as a local gateway.`, evidence }
  }
  if (!ws || ws.kind !== 'dir') {
    return { status: 'fail', summary: `The workspace ${ws?.path ?? ''} is ${ws?.kind === 'missing' ? 'missing' : `not a folder (${ws?.kind ?? 'unknown'})`}: run onboarding again (undo, then apply).`, evidence }
  }
  return { status: 'pass', summary: `Onboarded: openclaw.json parses, gateway.mode local, workspace ${ws.path}.`, evidence }
}

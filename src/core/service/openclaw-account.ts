import { recordSummary } from '../../checklist/record-text'
import type { Target } from '../targets/target'
import accountScript from './openclaw-account.sh?raw'

export const SAME_ACCOUNT_TITLE = 'The admin account and the OpenClaw account should be different users'

/**
 * A warning when OpenClaw is installed or runs as the account the app logs in as (SSH only): its ~/.openclaw, a gateway
 * service or installation in its home, or a running gateway process it owns. Whatever runs as that account can capture
 * a sudo password typed in its sessions and forge what the checks report (security review M1). Reads the machine over
 * the user channel; null when nothing was found or the look-up failed.
 */
export async function openclawAccountWarning(target: Target, user: string): Promise<string | null> {
  if (target.kind !== 'ssh') return null
  const r = await target.exec(accountScript, { timeoutMs: 30_000 }).catch(() => null)
  // What was found comes from the login account (a process's command line may even carry a token): made safe like
  // any text from the target (redacted, control characters visible, bounded).
  const found = (r?.stdout ?? '').split('\n').filter((l) => l.startsWith('found ')).slice(0, 8).map((l) => recordSummary(l.slice(6)))
  if (found.length === 0) return null
  return (
    `${SAME_ACCOUNT_TITLE}: OpenClaw is set up as ${user}, the account this app logs in as (${found.join('; ')}). ` +
    'Anything running as that account (the agent, or a tool it ran) can capture a sudo password typed in its sessions and forge what the checks report. ' +
    `Run OpenClaw as a user of its own (for example "sudo adduser openclaw"), move its installation and ~/.openclaw there, and keep ${user} for administration.`
  )
}

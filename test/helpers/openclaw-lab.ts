import { randomBytes } from 'node:crypto'
import type { Lab } from '../lab/lab'

/**
 * Gives the lab's OpenClaw the configuration its deep audit reports 0 critical for (gateway local on loopback with a
 * 64-character token; /work/shared/notes/openclaw.md §1): written by the lab user into ~/.openclaw/openclaw.json
 * (700/600). The token travels on stdin, never in an argument list.
 */
export async function makeAuditClean(lab: Lab): Promise<void> {
  const token = randomBytes(32).toString('hex')
  const config = JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', auth: { mode: 'token', token } } }, null, 2)
  const r = await lab.exec(['bash', '-c', 'umask 077 && mkdir -p ~/.openclaw && chmod 700 ~/.openclaw && cat > ~/.openclaw/openclaw.json && chmod 600 ~/.openclaw/openclaw.json'], { user: lab.user, input: config })
  if (r.code !== 0) throw new Error(`writing the OpenClaw config failed: ${r.stderr}`)
}

/** Hides the openclaw command from the lab user (as on a machine where OpenClaw is not installed). */
export async function hideOpenClaw(lab: Lab): Promise<() => Promise<void>> {
  const r = await lab.exec(['mv', '/usr/local/bin/openclaw', '/usr/local/bin/openclaw.hidden'])
  if (r.code !== 0) throw new Error(r.stderr)
  return async () => {
    await lab.exec(['mv', '/usr/local/bin/openclaw.hidden', '/usr/local/bin/openclaw'])
  }
}

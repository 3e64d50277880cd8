import type { SshTargetSpec } from '../../src/shared/target-spec'
import { fingerprintOf, type HostKey } from '../../src/core/targets/host-key'
import { PtySession } from '../../src/core/targets/pty-session'
import { SshTarget } from '../../src/core/targets/ssh-target'
import type { Lab } from '../lab/lab'
import { knownHostsDir } from '../../src/core/paths'
import { userWorld } from './user-world'

/** The lab as an SSH target; `identityFile` defaults to the lab's key (pass a key picked under the user's HOME instead). */
export function labSpec(lab: Lab, identityFile: string = lab.identityFile): SshTargetSpec {
  return { kind: 'ssh', user: lab.user, host: lab.host, port: lab.port, identityFile }
}

/** How the app names the lab target: "user@host", with ":port" only when sshd is not on 22. */
export function labLabel(lab: Lab): string {
  return `${lab.user}@${lab.host}${lab.port === 22 ? '' : `:${lab.port}`}`
}

export function labHostKey(lab: Lab): HostKey {
  const [type, blob] = lab.hostKeyPublic.trim().split(/\s+/)
  if (!type || !blob) throw new Error('lab host key missing')
  return { type, blob, fingerprint: fingerprintOf(blob) }
}

/** An SshTarget on the lab whose pinned host key lives where the app keeps it: in this test file's user world's data folder. */
export function labTarget(lab: Lab, password: () => string | undefined = () => lab.sudoPassword): SshTarget {
  return new SshTarget(labSpec(lab), { hostKey: labHostKey(lab), stateDir: knownHostsDir(userWorld().dataDir), sudoPassword: password })
}

/** Everything UFW-related on the lab, as root: what "the same state" means for apply/undo. */
export async function firewallSnapshot(lab: Lab): Promise<string> {
  const r = await lab.exec([
    'bash',
    '-c',
    'ufw status verbose; echo ---; cat /etc/default/ufw; echo ---; cd /etc/ufw && find . -type f | sort | xargs sha256sum; echo ---; iptables -S; ip6tables -S',
  ])
  if (r.code !== 0) throw new Error(`snapshot failed: ${r.stderr}`)
  return r.stdout
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** An interactive SSH login shell into the lab through node-pty, as the app's terminal opens it. */
export function openShell(lab: Lab): { write(data: string): void; output(): string; exited: Promise<number> } {
  let out = ''
  const s = new PtySession(labTarget(lab).terminalSpawn({ kind: 'login-shell' }), { onData: (d) => (out += d), onExit: () => undefined })
  return { write: (d) => s.write(d), output: () => out, exited: s.exitPromise }
}

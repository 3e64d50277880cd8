import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labTarget } from '../../../test/helpers/lab-target'
import { runChecksBatched } from './check-batch'
import { runChecksViaControl } from './job'

let lab: Lab
beforeAll(async () => {
  // Not 22: the port probe below must find the connection's own port, which a fallback to 22 could not fake.
  lab = await startLab({ sshPort: 2222 })
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

const strip = (r: { status: string; summary: string; evidence: readonly string[] }) => ({ status: r.status, summary: r.summary, evidence: r.evidence })

describe('batched re-check pass on the lab (real sshd, sudo with password)', () => {
  it('gives the same records as the staged job, in 3 requests on a fresh connection and 1 after, leaving nothing behind', async () => {
    const ids = ['ufw-firewall', 'ufw-firewall', 'ufw-firewall']
    const t = labTarget(lab)
    try {
      const batched = await runChecksBatched(t, ids)
      expect(t.channelRequests).toBe(3) // sudo's one-time probe, the sudo guard before the password is sent, the batch
      const again = await runChecksBatched(t, ids)
      expect(t.channelRequests).toBe(4) // warm: exactly one round trip
      expect(t.channelStarts).toBe(2) // the user channel and the root channel, once
      const staged = await runChecksViaControl(t, ids)
      expect(batched).toHaveLength(3)
      expect(batched.map(strip)).toEqual(staged.map(strip))
      expect(again.map(strip)).toEqual(staged.map(strip))
      expect(batched[0]?.status).toBe('fail') // UFW is off in a fresh lab

      await lab.exec(['bash', '-c', `ufw allow ${lab.port}/tcp && ufw --force enable`])
      const count = async () => (await lab.exec(['bash', '-c', 'ls -A /var/lib/openclaw-secure-setup/stage /var/lib/openclaw-secure-setup/run | grep -vc ":$\\|^$"; ls -A /var/lib/openclaw-secure-setup/results | wc -l'])).stdout.trim()
      const before = await count() // the staged job above leaves its results for collect (existing behaviour)
      const on = await runChecksBatched(t, ['ufw-firewall'])
      expect(on[0]?.status).toBe('pass')
      expect(on[0]?.evidence.join('\n')).toContain(`${lab.port}/tcp`)
      expect(await count()).toBe(before)
      expect(before.split('\n')[0]).toBe('0') // no staged or running job folder is left behind
    } finally {
      await t.dispose()
    }
  })

  it('finds the port of its own SSH connection although sudo dropped SSH_CONNECTION', async () => {
    // Make sshd listen on 2222 in a way the config-based sources do not show, so only the connection's port can name it.
    const t = labTarget(lab)
    try {
      const r = await t.exec('env | grep -c ^SSH_CONNECTION= || true', { asRoot: true })
      expect(r.stdout.trim()).toBe('0')
      const probe = await t.exec(
        'p=$$; while [ "$p" -gt 1 ]; do c=$(tr "\\0" "\\n" <"/proc/$p/environ" | sed -n "s/^SSH_CONNECTION=//p"); [ -n "$c" ] && { echo "${c##* }"; break; }; p=$(awk "{print \\$4}" /proc/$p/stat); done',
        { asRoot: true },
      )
      expect(probe.stdout.trim()).toBe(String(lab.port))
    } finally {
      await t.dispose()
    }
  })
})

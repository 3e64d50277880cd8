import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { labSpec } from '../../../test/helpers/lab-target'
import { ServiceDriver } from '../../../test/helpers/service-driver'

let lab: Lab
let driver: ServiceDriver

/**
 * A ~/.bashrc that, in terminal sessions only (stdin a tty; the control channels have none), prints the app's old
 * fixed sudo prompt text and reads a line with echo on, as a fake prompt would. It records what it read.
 */
const BASHRC = `if [ -t 0 ]; then
  printf '[sudo] password for %s (OpenClaw Secure Setup): ' "$(id -un)"
  if IFS= read -r -t 4 got; then printf 'read:%s' "$got" >/tmp/bashrc-read; else printf 'nothing' >/tmp/bashrc-read; fi
  echo
fi
`

beforeAll(async () => {
  lab = await startLab()
  const r = await lab.exec(['bash', '-c', 'cat > ~/.bashrc'], { user: lab.user, input: BASHRC })
  if (r.code !== 0) throw new Error(r.stderr)
  driver = new ServiceDriver()
  await driver.call('target:connect', { target: labSpec(lab), trustFingerprint: lab.hostKeyFingerprint })
}, 900_000)
afterAll(async () => {
  await driver?.svc.dispose()
  await lab?.stop()
})

describe('The held sudo password is typed only at the app\'s own sudo prompt (service against the lab over SSH)', () => {
  it('a ~/.bashrc printing the old prompt text gets nothing; sudo still gets the password at its own prompt', async () => {
    await driver.call('target:sudo-password', { password: lab.sudoPassword })
    const mark = driver.terminal.length
    const done = await driver.run('step:run', { stepId: 'ufw-firewall', action: 'apply' }, undefined, 90_000) // nobody types
    const shown = driver.terminal.slice(mark)
    expect(shown).toContain('(OpenClaw Secure Setup): ') // the fake prompt was printed first...
    expect((await lab.exec(['cat', '/tmp/bashrc-read'])).stdout).toBe('nothing') // ...and read nothing
    expect(driver.terminal).not.toContain(lab.sudoPassword) // never echoed
    expect(shown.indexOf('(OpenClaw Secure Setup): ')).toBeLessThan(shown.search(/\(OpenClaw Secure Setup, job [0-9a-f]{24}\): /))
    expect(done).toMatchObject({ ok: true, kind: 'apply', interrupted: false }) // sudo got it
    expect(shown).toContain('--- running as root')
  })
})

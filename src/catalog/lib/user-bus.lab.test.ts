import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'

// The guard runs as root inside the lab; systemctl is replaced by a recorder so we see whether it was reached.
const lib = readFileSync(join(__dirname, 'wsl-conf.sh'), 'utf8') + readFileSync(join(__dirname, 'user-bus.sh'), 'utf8')
let lab: Lab

beforeAll(async () => {
  lab = await startLab()
  await lab.exec(['bash', '-c', 'mkdir -p /opt/fake && printf "#!/bin/sh\\necho \\"systemctl as \\$(id -un) bus=\\$DBUS_SESSION_BUS_ADDRESS: \\$*\\" >>/tmp/systemctl.log\\n" >/opt/fake/systemctl && chmod 755 /opt/fake/systemctl'])
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

const run = (cmd: string) => lab.exec(['bash', '-c', `${lib}\nexport PATH=/opt/fake:$PATH\n${cmd}`])

describe('user-bus guard (ocss_user_systemctl) in the lab', () => {
  it('refuses systemctl --user with a clear message when /run/user/UID/bus is missing, and never calls systemctl', async () => {
    const r = await run('ocss_user_systemctl ocss status openclaw-gateway')
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^Refusing to run systemctl --user for ocss: \/run\/user\/1000\/bus is missing/)
    expect(r.stderr).toMatch(/systemd must run as PID 1 .*loginctl enable-linger ocss/)
    expect((await lab.exec(['cat', '/tmp/systemctl.log'])).code).not.toBe(0)
  })

  it('an unknown user is refused too', async () => {
    const r = await run('ocss_user_systemctl nosuchuser status')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no user "nosuchuser"/)
  })

  it('with a live bus socket it runs systemctl --user as the user, pointed at that bus', async () => {
    await lab.exec(['bash', '-c', 'mkdir -p /run/user/1000; chown ocss: /run/user/1000; setsid node24 -e "require(\'net\').createServer().listen(\'/run/user/1000/bus\')" </dev/null >/dev/null 2>&1 &'])
    for (let i = 0; i < 100 && (await lab.exec(['test', '-S', '/run/user/1000/bus'])).code !== 0; i++) await new Promise((r) => setTimeout(r, 50))
    const r = await run('ocss_user_systemctl ocss status openclaw-gateway')
    expect(r.code).toBe(0)
    expect((await lab.exec(['cat', '/tmp/systemctl.log'])).stdout).toBe('systemctl as ocss bus=unix:path=/run/user/1000/bus: --user status openclaw-gateway\n')
  })
})

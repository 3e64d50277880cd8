import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// ocss_oc_user with real bash. ocss_login_user (user-bus.sh) is replaced by a stub naming the distribution's default
// user, so the test is about which account is picked, not about reading /etc/wsl.conf.
const lib = readFileSync(join(__dirname, 'openclaw.sh'), 'utf8')
function ocUser(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `${lib}\nocss_login_user() { echo distuser; }\nocss_oc_user`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } })
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }
}
const kernelSaysWsl = /microsoft/i.test(readFileSync('/proc/sys/kernel/osrelease', 'utf8'))

describe('ocss_oc_user (lib/openclaw.sh): the same account as the account step picks', () => {
  it.skipIf(kernelSaysWsl)('outside WSL, without OCSS_OC_USER: the dedicated "openclaw" account', () => {
    expect(ocUser({}).stdout).toBe('openclaw')
  })

  it('inside WSL as wsl.exe starts it (WSL_DISTRO_NAME set), whatever the kernel is called: the default user', () => {
    expect(ocUser({ WSL_DISTRO_NAME: 'Ubuntu-24.04' }).stdout).toBe('distuser')
  })

  it('OCSS_OC_USER wins; a name that is no Unix user name stops with what to fix', () => {
    expect(ocUser({ OCSS_OC_USER: 'oc', WSL_DISTRO_NAME: 'Ubuntu-24.04' }).stdout).toBe('oc')
    const bad = ocUser({ OCSS_OC_USER: 'Bad Name' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/is not a valid account name for OpenClaw/)
  })
})

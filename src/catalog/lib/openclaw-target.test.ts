import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { OPENCLAW_LIBS } from './openclaw-libs'

/** Runs BODY after lib/openclaw.sh in real bash, with exactly the environment ENV (plus PATH). */
function run(body: string, env: Record<string, string>): { code: number | null; out: string; err: string } {
  const r = spawnSync('bash', ['-c', `${OPENCLAW_LIBS['openclaw.sh']}\n${body}`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('lib/openclaw.sh target kind and account name (real bash; this host is not WSL)', () => {
  it('ocss_target_kind says wsl under wsl.exe (WSL_DISTRO_NAME, or the stand-in\'s marker), whose kernel here is the host\'s', () => {
    expect(run('ocss_target_kind', {}).out).toBe('ssh\n')
    expect(run('ocss_target_kind', { WSL_DISTRO_NAME: 'Ubuntu-24.04' }).out).toBe('wsl\n')
    expect(run('ocss_target_kind', { OCSS_WSL_STANDIN_DISTRO: 'Mein Linux' }).out).toBe('wsl\n')
  })

  it('ocss_oc_user: the dedicated "openclaw" on SSH; on WSL the distribution\'s default user (not "openclaw")', () => {
    expect(run('ocss_oc_user', {}).out).toBe('openclaw\n')
    // ocss_login_user is the WSL default-user lookup (wsl-conf.sh); replaced here so that the test does not depend on
    // this host's /etc/wsl.conf or uid 1000.
    expect(run('ocss_login_user() { echo alice; }; ocss_oc_user', { WSL_DISTRO_NAME: 'Ubuntu' }).out).toBe('alice\n')
    expect(run('ocss_oc_user', { OCSS_OC_USER: 'bob', WSL_DISTRO_NAME: 'Ubuntu' }).out).toBe('bob\n')
    const bad = run('ocss_oc_user', { OCSS_OC_USER: 'Bad Name' })
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/not a valid account name/)
  })
})

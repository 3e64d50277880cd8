import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeInstall, evaluateOpenClawAccount, parseInstalls } from './evaluate'
import { openclawAccount } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateOpenClawAccount({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('openclaw-account check', () => {
  it('passes the dedicated account the lab apply created, and says it is not the login account', () => {
    const v = read('created.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toMatch(/^OpenClaw's account is openclaw: no sudo rights, home 700 and its own, and it is not ocss/)
    expect(v.evidence).toContainEqual(expect.stringMatching(/^sudo -l -U openclaw: User openclaw is not allowed to run sudo on lab-[0-9a-f]{6}\.$/))
    expect(v.evidence).toContain('found: OpenClaw 2026.9.6 in /usr/local/bin/openclaw (for every account)')
  })

  it('a missing account fails with what apply does', () => {
    const v = read('absent.fail.txt')
    expect(v.summary).toMatch(/^Not set up: there is no user "openclaw"\. Apply to create it/)
  })

  it('refuses the login account: sudo rights, a 755 home and "the account this app logs in as" are all named', () => {
    const v = read('login-account.fail.txt')
    expect(v.status).toBe('fail')
    expect(v.summary).toMatch(/^The account ocss is the one this app logs in as.* \(\+2 more\)\. Apply the step/)
    expect(v.evidence).toContain('problem: sudo lets ocss run (ALL : ALL) ALL')
    expect(v.evidence).toContain("problem: its home /home/ocss is 755, not 700: other accounts can look into OpenClaw's config")
  })

  it('WSL: the default user passes without sudo, and fails while it is in the sudo group', () => {
    const ok = read('adopted-wsl.pass.txt')
    expect(ok.status).toBe('pass')
    expect(ok.summary).not.toMatch(/logs in as/)
    expect(ok.summary).toMatch(/It holds OpenClaw 2026\.8\.27 as alice \(.*user service enabled; runs as its user service, pid 2211\)/)
    const bad = read('wsl-sudo-group.fail.txt')
    expect(bad.summary).toMatch(/^The account alice is in the admin group sudo/)
    expect(bad.evidence).toContain('problem: its home /home/alice is 750, not 700: other accounts can look into OpenClaw\'s config')
  })

  it('shows an install of another account and how to adopt it; fails while the gateway still runs as the login account', () => {
    const v = read('adopt-offered.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toMatch(/Found OpenClaw 2026\.9\.6 as admin \(\/home\/admin\/\.openclaw; \/home\/admin\/\.npm-global\/bin\/openclaw; user service installed; not running\): set the OpenClaw account to admin to adopt it/)
    const r = read('login-still-runs.fail.txt')
    expect(r.status).toBe('fail')
    expect(r.summary).toMatch(/^OpenClaw still runs as admin, the account this app logs in as \(pid 981\)/)
  })

  it('unknown sudo -l output and garbage are errors, not passes', () => {
    expect(read('sudo-unreadable.error.txt').status).toBe('error')
    expect(evaluateOpenClawAccount({ exitCode: 1, stdout: 'bash: getent: command not found\n' }).status).toBe('error')
  })

  it('parses install lines with spaces in the home and ignores other lines', () => {
    const [i] = parseInstalls(['noise', 'install\taccount=bob\tuid=1002\thome=/srv/my home\tconfig=no\tbin=none\tversion=unknown\tunit=none\truns=bare-process\tpids=7,8'])
    expect(i).toMatchObject({ account: 'bob', home: '/srv/my home', bin: null, runs: 'bare-process', pids: [7, 8] })
    expect(describeInstall(i!)).toBe('OpenClaw unknown as bob (runs as a bare process, not a service, pid 7,8)')
  })

  it('metadata: both targets, root actor, the OC_USER input without a fixed default, scripts complete and valid bash', () => {
    expect(__dirname.endsWith(openclawAccount.meta.id)).toBe(true)
    expect(openclawAccount.meta.targets).toEqual(['ssh', 'wsl'])
    expect(openclawAccount.meta.actor).toBe('root')
    expect(openclawAccount.meta.inputs).toEqual([expect.objectContaining({ name: 'OC_USER', kind: 'unix-user', required: false })])
    expect(openclawAccount.meta.inputs?.[0]?.default).toBeUndefined() // "openclaw" on SSH, the default user on WSL: the script decides
    for (const script of Object.values(openclawAccount.scripts)) {
      expect(script).not.toMatch(/^# @include/m)
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
    expect(openclawAccount.scripts.check).toContain('ocss_oc_discover() {')
    expect(openclawAccount.scripts.apply).toContain('ocss_login_user() {')
  })
})

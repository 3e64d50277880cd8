import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The audit record's helpers with real bash on temp folders (the lab test runs them as root in the batch and audit-fresh).
const lib = readFileSync(join(__dirname, 'audit-stamp.sh'), 'utf8')
const sh = (script: string, env: Record<string, string> = {}) =>
  spawnSync('bash', ['-c', `${lib}\n${script}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } })

describe('lib/audit-stamp.sh', () => {
  it('the account: OCSS_OC_USER when it is a plain user name, never root, never anything else', () => {
    expect(sh('ocss_audit_account', { OCSS_OC_USER: 'openclaw' }).stdout).toBe('openclaw\n')
    for (const bad of ['root', 'Bad', '-x', 'a b', 'x;id', 'a'.repeat(40)]) expect(sh('ocss_audit_account', { OCSS_OC_USER: bad }).stdout, bad).toBe('invalid\n')
    expect(sh('ocss_audit_stamp_write "x;id" "absent absent"').status).toBe(2)
  })

  it('the config state: sha256 and mtime of a regular file, absent, and refused for a symlink', () => {
    const home = mkdtempSync(join(tmpdir(), 'ocss-stamp-'))
    expect(sh(`ocss_audit_config_state "${home}"`).stdout).toBe('absent absent\n')
    mkdirSync(join(home, '.openclaw'))
    writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{}\n')
    utimesSync(join(home, '.openclaw', 'openclaw.json'), 1764595200, 1764595200)
    expect(sh(`ocss_audit_config_state "${home}"`).stdout).toBe('ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356 1764595200\n')
    const other = mkdtempSync(join(tmpdir(), 'ocss-stamp-'))
    mkdirSync(join(other, '.openclaw'))
    symlinkSync(join(home, '.openclaw', 'openclaw.json'), join(other, '.openclaw', 'openclaw.json'))
    expect(sh(`ocss_audit_config_state "${other}"`).stdout).toBe('refused refused\n')
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHECK_LAUNCHER_PATH, evaluateCheckLauncher, sudoCheckLauncher } from './step'

const fixture = (name: string) => ({ exitCode: 0, stdout: readFileSync(join(__dirname, 'fixtures', name), 'utf8') })

describe('sudo-check-launcher check', () => {
  it('says "not set up" on a fresh machine, and why it matters', () => {
    expect(evaluateCheckLauncher(fixture('fresh.fail.txt')).summary).toMatch(/^Not set up: every check needs the sudo password/)
  })

  it('an allowlist of another app version reads "out of date" and says to apply again', () => {
    const v = evaluateCheckLauncher(fixture('allowlist-out-of-date.fail.txt'))
    expect(v.summary).toMatch(/allowlist .* is out of date.*Apply the step again\.$/)
  })

  it('a drop-in edited by hand and writable files fail, naming each problem', () => {
    expect(evaluateCheckLauncher(fixture('dropin-edited.fail.txt')).summary).toMatch(/does not hold exactly the rule for ocss/)
    const v = evaluateCheckLauncher(fixture('writable.fail.txt'))
    expect(v.evidence).toContain(`problem: the check launcher ${CHECK_LAUNCHER_PATH} is 775 root:root: it must be owned by root and not writable by group or others`)
    expect(v.summary).toMatch(/\(\+1 more\)/)
  })

  it('fails when sudo -l does not show the launcher, and errors without SUDO_USER', () => {
    const text = fixture('installed.pass.txt').stdout
    expect(evaluateCheckLauncher({ exitCode: 0, stdout: text.replace(/\(root\) NOPASSWD: .*/, '') }).summary).toMatch(/^The rules sudo applies to ocss \(sudo -l -U ocss\) do not show the launcher/)
    expect(evaluateCheckLauncher({ exitCode: 0, stdout: text.replace('### user\nocss', '### user\nnone') }).status).toBe('error')
    expect(evaluateCheckLauncher({ exitCode: 0, stdout: '' }).status).toBe('error')
  })

  it('the launcher apply writes is the one shipped, and every script has it through lib.sh', () => {
    expect(sudoCheckLauncher.scripts.apply).toContain("cat <<'OCSS_CHECK_LAUNCHER'\n#!/bin/bash\n# OpenClaw Secure Setup: the check launcher.")
    expect(sudoCheckLauncher.scripts.check).toContain('OCSS_CHECK_LAUNCHER')
    expect(sudoCheckLauncher.scripts.apply).not.toMatch(/^# @include/m)
    expect(sudoCheckLauncher.meta.targets).toEqual(['ssh'])
  })
})

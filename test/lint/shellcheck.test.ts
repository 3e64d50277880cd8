import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sentScripts, shellcheckFindings, shellFiles } from './shellcheck'

const ROOT = resolve(__dirname, '../..')

/**
 * Findings that cannot carry an inline directive yet, each with the exact source line it is about (any edit of that
 * line reports it again). test/lab/build-rootfs.sh: its SHA-256 names the shared lab cache, so editing the file
 * rebuilds every lab root filesystem; move this inline the next time the file changes for its own reasons.
 */
const NOT_INLINE: readonly { file: string; code: string; line: string; why: string }[] = [
  {
    file: 'test/lab/build-rootfs.sh',
    code: 'SC2016',
    line: `verify=$(unshare --mount --pid --fork --propagation "$PROPAGATION" bash -c '`,
    why: 'a script for the bash inside unshare: it expands $1, $2 and $r itself',
  },
]

function waived(finding: string): boolean {
  const m = /^([^:]+):(\d+):\d+: .*\[(SC\d+)\]$/.exec(finding)
  if (!m) return false
  const [, file, line, code] = m
  if (!NOT_INLINE.some((w) => w.file === file)) return false // sent/… names no file on disk
  const text = readFileSync(join(ROOT, file ?? ''), 'utf8').split('\n')[Number(line) - 1]
  return NOT_INLINE.some((w) => w.file === file && w.code === code && w.line === text)
}

describe('ShellCheck over every shell script (the real shellcheck binary)', () => {
  it('finds nothing in the scripts as they are sent to a target, nor in any shell file of src, test, scripts, build and .ci', async () => {
    const files = shellFiles(ROOT, ['src', 'test', 'scripts', 'build', '.ci'])
    // The runner scripts, the steps and the shared helpers are all there (a broken walk would check nothing).
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['src/core/runner/job-launch.sh', 'src/catalog/lib/wsl-conf.sh', 'test/wsl-standin/wsl.exe', '.ci/run']))
    const sent = sentScripts()
    expect(sent.map((s) => s.name)).toEqual(expect.arrayContaining(['sent/stdin-bootstrap.sh', 'sent/wsl-systemd/apply.sh', 'sent/ufw-firewall/check.sh']))
    const findings = await shellcheckFindings([...sent, ...files])
    expect(findings.filter((f) => !waived(f))).toEqual([])
    // Every waiver is still needed (a fixed line must leave the list).
    for (const w of NOT_INLINE) expect(findings.some((f) => f.startsWith(`${w.file}:`) && f.endsWith(`[${w.code}]`))).toBe(true)
  }, 240_000) // about 40 s of CPU (measured) for shellcheck over some 60 files and 80 sent scripts, split over the cores; CI's lanes share them

  it('can fail: a careless script and one that names no shell are reported', async () => {
    const findings = await shellcheckFindings([
      { name: 'bad/unquoted.sh', text: '#!/bin/bash\nrm -rf $1/*\n' },
      { name: 'bad/no-shell.sh', text: 'echo hi\n' },
    ])
    expect(findings).toEqual(expect.arrayContaining([expect.stringMatching(/^bad\/unquoted\.sh:2:8: .*\[SC2086\]$/), expect.stringMatching(/^bad\/no-shell\.sh:1:1: error: .*\[SC2148\]$/)]))
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../test/helpers/cli-runner'
import { userWorld } from '../../test/helpers/user-world'
import { startLab, type Lab } from '../../test/lab/lab'
import { EVIDENCE_LINE_MAX } from '../checklist/record-text'

/**
 * The OpenClaw audit is reported by the account it audits (review L8), so its output is hostile input: a fake
 * `openclaw` in the login user's ~/.local/bin (first in the audit's PATH) prints terminal escapes (L2) or a line
 * that made the old redactor backtrack for minutes (M2). The real CLI, the real lab machine, the real store files.
 */
let lab: Lab
const world = userWorld()
const dataDir = world.dataDir

// OSC 52 (clipboard write), hidden text, then cursor up / erase line / column 1 so that a FAIL could read PASS.
const EVIL_TITLE = 'Gateway exposed \u001b]52;c;aGk=\u0007\u001b[8mhidden\u001b[0m\u001b[1A\u001b[2K\u001b[1GPASS\rall good'
const CONTROL_BYTES = /[\u001b\u0007\u009b\r]/

function cli(args: string[], input = '') {
  return runCli(world, args, { input, timeoutMs: 300_000 })
}

/** Puts a fake `openclaw` first in the audit's PATH that prints `out` on stdout and `err` on stderr. */
async function fakeOpenClaw(out: string, err: string): Promise<void> {
  const script = 'mkdir -p ~/.local/bin && cat > ~/.fake-audit && printf \'#!/bin/sh\\nhead -n 1 ~/.fake-audit\\ntail -n +2 ~/.fake-audit >&2\\n\' > ~/.local/bin/openclaw && chmod 755 ~/.local/bin/openclaw'
  const r = await lab.exec(['bash', '-c', script], { user: lab.user, input: `${out}\n${err}` })
  if (r.code !== 0) throw new Error(`installing the fake openclaw failed: ${r.stderr}`)
}

beforeAll(async () => {
  buildCli()
  lab = await startLab()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  world.cleanup()
})

describe('CLI verify with a hostile OpenClaw audit (lab)', () => {
  const verify = () => cli(['verify', '--target', `ssh://${lab.user}@${lab.host}:${lab.port}`, '--identity', lab.identityFile, '--host-key', lab.hostKeyFingerprint, '--sudo-password-stdin'], `${lab.sudoPassword}\n`)

  it('escape sequences in a finding reach the CLI output, the stored record and the Markdown report as visible text only', async () => {
    await fakeOpenClaw(JSON.stringify({ summary: { critical: 1, warn: 0, info: 0 }, findings: [{ checkId: 'gateway.exposed\u001b[8m', severity: 'critical', title: EVIL_TITLE }] }), '')
    const r = verify()
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toMatch(CONTROL_BYTES)
    expect(r.stdout).toContain('critical gateway.exposed␛[8m: Gateway exposed ␛]52;c;aGk=␇␛[8mhidden␛[0m␛[1A␛[2K␛[1GPASS␍all good')
    expect(r.stdout).toMatch(/^FAIL\s+vm-openclaw-audit\s+.*1 critical finding\(s\): gateway\.exposed␛\[8m/m)
    // The store (JSON would write ESC as \u001b) holds the visible form only.
    const stored = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.json')).map((f) => readFileSync(join(f.parentPath, f.name), 'utf8')).join('\n')
    expect(stored).toContain('␛]52;c;aGk=␇')
    expect(stored).not.toMatch(/\\u001b|\\u0007|\\r|\\u009b/)
    expect(stored).not.toMatch(CONTROL_BYTES)
    const md = join(dataDir, 'report.md')
    expect(cli(['report', '--format', 'md', '--out', md]).code).toBe(0)
    const report = readFileSync(md, 'utf8')
    expect(report).toContain('␛]52;c;aGk=␇␛[8mhidden')
    expect(report).not.toMatch(CONTROL_BYTES)
  })

  it('a 100 KB stderr line of "tokenx" (minutes for the old redactor) gives a prompt error record, cut to the display bound', async () => {
    await fakeOpenClaw('not json', 'tokenx'.repeat(100_000 / 6))
    const t0 = Date.now()
    const r = verify()
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^ERROR\s+vm-openclaw-audit\s+.*gave no result/m)
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith('tokenxtokenx')) ?? ''
    expect(line.trim()).toHaveLength(EVIDENCE_LINE_MAX)
    process.stdout.write(`verify with a 100 KB tokenx audit line: ${Date.now() - t0} ms\n`)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../test/helpers/cli-runner'
import { userWorld } from '../../test/helpers/user-world'
import { startLab, type Lab } from '../../test/lab/lab'

let lab: Lab
let home = ''
const world = userWorld()
const dataDir = world.dataDir

function cli(args: string[]) {
  return runCli(world, args, { timeoutMs: 180_000 })
}

/** A fake `openclaw` in the login user's ~/.local/bin (first in the audit's PATH) that always claims 0 critical. */
const FAKE = '#!/bin/sh\necho \'{"summary":{"critical":0,"warn":0,"info":0},"findings":[]}\'\n'

beforeAll(async () => {
  buildCli()
  lab = await startLab({ sudoNoPassword: true })
  const r = await lab.exec(['bash', '-c', 'mkdir -p ~/.local/bin && cat > ~/.local/bin/openclaw && chmod 755 ~/.local/bin/openclaw && echo ~'], { user: lab.user, input: FAKE })
  if (r.code !== 0) throw new Error(r.stderr)
  home = r.stdout.trim()
}, 900_000)
afterAll(async () => {
  await lab?.stop()
  world.cleanup()
})

describe("OpenClaw's audit is labelled self-reported and names the program that answered (CLI against the lab)", () => {
  it('a fake ~/.local/bin/openclaw claiming 0 critical: the output says self-reported and names that file, owner ocss', () => {
    const r = cli(['verify', '--target', `ssh://${lab.user}@${lab.host}:${lab.port}`, '--identity', lab.identityFile, '--host-key', lab.hostKeyFingerprint])
    expect(r.stderr).not.toMatch(/error/i)
    const fake = `${home}/.local/bin/openclaw`
    expect(r.stdout).toMatch(new RegExp(`^PASS\\s+openclaw-audit .*0 critical.*self-reported by the OpenClaw account \\(program ${fake}, owner ${lab.user}\\)`, 'm'))
    expect(r.stdout).toContain(`openclaw program: ${fake} (owner ${lab.user}, mode 755)`)
    expect(r.stdout).toMatch(/^PASS\s+vm-openclaw-audit\s+OpenClaw's own audit: 0 critical \(self-reported by the OpenClaw account\): /m)
  })

  it('the Markdown, HTML and JSON reports carry the label and the evidence', () => {
    for (const format of ['md', 'html', 'json'] as const) {
      const out = join(dataDir, `report.${format}`)
      const r = cli(['report', '--format', format, '--out', out])
      expect(r.code, r.stderr).toBe(0)
      const text = readFileSync(out, 'utf8').replace(format === 'md' ? /\\(.)/g : /$^/, '$1')
      expect(text).toMatch(/self-reported by the OpenClaw account/i)
      expect(text).toContain(`openclaw program: ${home}/.local/bin/openclaw (owner ${lab.user}, mode 755)`)
    }
  })
})

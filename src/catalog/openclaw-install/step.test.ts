import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateOpenClawInstall } from './evaluate'
import { NODE_SHA256, NODE_VERSION, OPENCLAW_NODE_ENGINES, openclawInstallParams, satisfiesRange } from './pins'
import { openclawInstall } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateOpenClawInstall({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('openclaw-install pins', () => {
  it('the pinned Node meets the pinned engines range, which is read the way npm reads it', () => {
    expect(satisfiesRange(NODE_VERSION, OPENCLAW_NODE_ENGINES)).toBe(true)
    for (const v of ['24.16.0', '24.99.1', '26.1.0', '27.0.0']) expect(satisfiesRange(v, OPENCLAW_NODE_ENGINES), v).toBe(true)
    for (const v of ['24.15.9', '25.0.0', '25.9.0', '26.0.9', '22.22.3', 'v', '']) expect(satisfiesRange(v, OPENCLAW_NODE_ENGINES), v).toBe(false)
    expect(satisfiesRange('24.1.0', '^24.0.0')).toBe(false) // not understood: never a silent pass
  })

  it('the job parameters carry the official hashes; only the tests-only option changes them, and only to hex', () => {
    expect(openclawInstallParams()).toEqual({ OPENCLAW_VERSION: '2026.9.6', NODE_VERSION: '24.21.0', NODE_SHA256_X64: NODE_SHA256.x64, NODE_SHA256_ARM64: NODE_SHA256.arm64 })
    expect(NODE_SHA256.x64).toBe('6e1db87ef58b8819e5d5402eff1536491b18edd8eb7bee5ef7897876e88dc5ff')
    expect(NODE_SHA256.arm64).toBe('724282c3b43aec998aa9527380465b45d229e021b58035f5f4f63095eabfe5d5')
    expect(openclawInstallParams({ nodeSha256ForTests: { x64: 'a'.repeat(64) } })).toMatchObject({ NODE_SHA256_X64: 'a'.repeat(64), NODE_SHA256_ARM64: NODE_SHA256.arm64 })
    expect(() => openclawInstallParams({ nodeSha256ForTests: { x64: 'abc; rm -rf /' } })).toThrow(/not 64 hex digits/)
    expect(openclawInstall.jobParams?.()).toEqual(openclawInstallParams())
    // The evaluator judges against the pins: the check names them, so a changed pin changes the check version too.
    expect(openclawInstall.scripts.check).toContain(`# Judged against the pins (pins.ts): OpenClaw 2026.9.6; Node 24.21.0, engines ">=24.16.0 <25 || >=26.1.0"; tarball SHA-256 x64 ${NODE_SHA256.x64}, arm64 ${NODE_SHA256.arm64}.`)
  })
})

describe('openclaw-install check', () => {
  it('passes the pinned install in the account prefix', () => {
    const v = read('installed.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.summary).toBe("OpenClaw 2026.9.6 on Node 24.21.0 is installed for openclaw in its own ~/.local, its files writable by openclaw only.")
    expect(v.evidence.some((e) => e.startsWith('note:'))).toBe(false)
  })

  it('names a wrong OpenClaw version and a command outside the prefix', () => {
    const v = read('old-version.fail.txt')
    expect(v.summary).toMatch(/^OpenClaw is 2026\.8\.27, not the pinned 2026\.9\.6 \(\+1 more\)/)
    expect(v.evidence).toContain("problem: ~/.local/bin/openclaw leads to /home/openclaw/.npm-global/lib/node_modules/openclaw/openclaw.mjs, not into the account's prefix")
  })

  it('a Node below the engines range fails on the version and the range', () => {
    const v = read('old-node.fail.txt')
    expect(v.evidence).toContain('problem: Node is 24.15.0 (by its node_version.h), not the pinned 24.21.0')
    expect(v.evidence).toContain('problem: Node 24.15.0 does not meet OpenClaw\'s engines ">=24.16.0 <25 || >=26.1.0"')
  })

  it('files of another owner and folders others can write fail', () => {
    const v = read('writable.fail.txt')
    expect(v.evidence).toContain("problem: ~/.local/bin is 777 owned by openclaw: it must be openclaw's and not writable by others")
    expect(v.evidence).toContain("problem: 2 installed files are not openclaw's or writable by others (e.g. openclaw 777 /home/openclaw/.local/lib/node_modules/openclaw/dist)")
  })

  it('a lab mirror tarball is noted, not failed; a cut output and garbage are errors', () => {
    const text = readFileSync(join(dir, 'installed.pass.txt'), 'utf8').replace(NODE_SHA256.x64, 'b'.repeat(64))
    const v = evaluateOpenClawInstall({ exitCode: 0, stdout: text })
    expect(v.status).toBe('pass')
    expect(v.evidence).toContain(`note: extracted from a tarball with SHA-256 ${'b'.repeat(64)}, not the official ${NODE_SHA256.x64} (a test mirror?)`)
    expect(read('truncated.error.txt').status).toBe('error')
    expect(evaluateOpenClawInstall({ exitCode: 127, stdout: 'bash: find: command not found' }).status).toBe('error')
  })

  it('a Node installed by hand (no stamp of this step) passes with a note: the stamp is the account\'s own file and proves nothing', () => {
    const v = read('by-hand.pass.txt')
    expect(v.status).toBe('pass')
    expect(v.evidence).toContain('note: the Node folder has no record of the tarball hash it came from (not installed by this step; check its SHA-256 yourself)')
  })

  it('without the account it says which step comes first', () => {
    expect(evaluateOpenClawInstall({ exitCode: 0, stdout: '### account\nabsent openclaw\n' }).summary).toBe('Not installed: there is no OpenClaw account "openclaw" yet. Apply "The OpenClaw account" first.')
  })

  it('metadata: actor openclaw, requires the account, advanced URL inputs; scripts complete and valid bash', () => {
    expect(__dirname.endsWith(openclawInstall.meta.id)).toBe(true)
    expect(openclawInstall.meta.actor).toBe('openclaw')
    expect(openclawInstall.meta.requires).toEqual([expect.objectContaining({ step: 'openclaw-account' })])
    expect(openclawInstall.meta.inputs?.map((i) => [i.name, i.kind, i.advanced, i.default])).toEqual([
      ['NPM_REGISTRY', 'url', true, 'https://registry.npmjs.org/'],
      ['NODE_DIST_URL', 'url', true, 'https://nodejs.org/dist/'],
    ])
    for (const script of Object.values(openclawInstall.scripts)) {
      expect(script).not.toMatch(/^# @include/m)
      expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0)
    }
    // The check never runs the account's programs.
    expect(openclawInstall.scripts.check.split('\n').filter((l) => /^\s*[^#]*\bocss_as_oc\b/.test(l) && !/ocss_as_oc\(\)/.test(l))).toEqual([])
  })
})

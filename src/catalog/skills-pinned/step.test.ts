import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { STEPS } from '../index'
import { EXACT_VERSION } from './evaluate'
import { evaluateSkillsPinned, skillsPinned } from './step'

const dir = join(__dirname, 'fixtures')
const read = (f: string) => evaluateSkillsPinned({ exitCode: 0, stdout: readFileSync(join(dir, f), 'utf8') })

describe('skills-pinned check (fixtures)', () => {
  it('all outside skills pinned passes; the evidence lists each with version and source, the bundled ones only counted', () => {
    const v = read('lab-applied.pass.txt')
    expect(v).toMatchObject({ status: 'pass', summary: 'Every skill from outside OpenClaw (2) is pinned to the exact version it is installed at, in the ClawHub lock file.' })
    expect(v.evidence).toContain('OpenClaw 2026.9.6 for ocss: 59 skills listed (openclaw skills list), 57 from the OpenClaw package (not counted), 2 from outside')
    expect(v.evidence).toContain('hello-notes 1.2.3 (openclaw-workspace, from a local folder): pinned at 1.2.3')
    expect(v.evidence).toContain('weather-pro 2.0.1 (openclaw-workspace, from ClawHub): pinned at 2.0.1')
    expect(v.evidence).toContain('lock file: /home/ocss/.openclaw/workspace/.clawhub/lock.json: version 1, 3 entries')
    // The plugin skills (openclaw-extra, bundled:false) link into the package: not counted, not listed.
    expect(v.evidence.join('\n')).not.toMatch(/canvas|browser-automation/)
  })

  it('no skill from outside passes without a lock file; a hand-copied skill pinned by hand passes', () => {
    expect(read('none-outside.pass.txt')).toMatchObject({ status: 'pass', summary: 'No skills from outside OpenClaw are installed; the 57 skills of the OpenClaw package are not counted.' })
    const hand = read('hand-copied-pinned.pass.txt')
    expect(hand.status).toBe('pass')
    expect(hand.evidence).toContain('my-notes (no version of its own) (agents-skills-personal, from a folder with no origin file): pinned at 0.1.0')
  })

  it('before apply (lab): "latest" and a skill missing from the lock fail, each named', () => {
    const v = read('lab-before.fail.txt')
    expect(v.status).toBe('fail')
    expect(v.summary).toBe('hello-notes is installed but the lock file does not list it; weather-pro is not pinned to an exact version (the lock file has "latest", which follows whatever is newest).')
  })

  it('a range, no version, another installed version, a skill outside the lock and no lock file fail', () => {
    expect(read('pinned-latest.fail.txt').summary).toMatch(/^weather-pro is not pinned to an exact version \(the lock file has "latest"/)
    expect(read('pinned-range.fail.txt').summary).toMatch(/^weather-pro is not pinned to an exact version \(the lock file has "\^2\.0\.0", a range/)
    expect(read('pinned-no-version.fail.txt').summary).toMatch(/^weather-pro is not pinned to an exact version \(the lock file has no version\)/)
    expect(read('version-mismatch.fail.txt').summary).toBe('weather-pro is installed at 2.0.2 but the lock file pins 2.0.1.')
    expect(read('not-in-lock.fail.txt').summary).toBe('hello-notes is installed but the lock file does not list it.')
    expect(read('no-lock.fail.txt').summary).toBe('hello-notes is installed but there is no lock file; weather-pro is installed but there is no lock file.')
  })

  it('a lock file OpenClaw refuses fails: version "1" as a string, unparsable', () => {
    expect(read('lock-version-string.fail.txt').summary).toMatch(/^the lock file's version is "1", not the number 1, so OpenClaw refuses it/)
    expect(read('lock-unparsable.fail.txt').summary).toMatch(/^the lock file \/home\/ocss\/\.openclaw\/workspace\/\.clawhub\/lock\.json cannot be read \(unparsable\)/)
  })

  it('errors say what to do: no account, OpenClaw missing, the list command failing', () => {
    expect(read('no-account.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/There is no account "openclaw".*Apply the "OpenClaw account" step/) })
    expect(read('not-installed.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/OpenClaw is not installed for ocss/) })
    expect(read('list-failed.error.txt')).toMatchObject({ status: 'error', summary: expect.stringMatching(/"openclaw skills list --json" failed as ocss\. Run it by hand/) })
    expect(evaluateSkillsPinned({ exitCode: 0, stdout: '' }).status).toBe('error')
  })

  it('exact versions only', () => {
    for (const v of ['1.2.3', '0.0.1', '2.0.0-beta.1', '1.0.0+build.5']) expect(v).toMatch(EXACT_VERSION)
    for (const v of ['latest', '^1.2.3', '~1.2', '1.2', '>=1.0.0', '1.x', '*', '01.2.3', '']) expect(v).not.toMatch(EXACT_VERSION)
  })
})

describe('skills-pinned in the catalogue', () => {
  it('comes after channel-allowlist and before audit-fresh; runs OpenClaw as the account', () => {
    const ids = STEPS.map((s) => s.meta.id)
    expect(ids.indexOf('skills-pinned')).toBe(ids.indexOf('channel-allowlist') + 1)
    expect(ids.indexOf('skills-pinned')).toBeLessThan(ids.indexOf('audit-fresh'))
    expect(skillsPinned.meta.actor).toBe('openclaw')
    expect(skillsPinned.scripts.check).toContain('openclaw skills list --json')
    expect(skillsPinned.scripts.check).not.toContain('# @include')
  })
})

/** The apply's planner (skills.py plan) on real files with the system's python3: what it pins and what it keeps. */
describe('skills-pinned planner (skills.py, real files)', () => {
  let root = ''
  afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }) })

  const world = (skills: { name: string; source: string; bundled?: boolean }[]) => {
    root = mkdtempSync(join(tmpdir(), 'skills pinned ü-'))
    const home = join(root, 'home')
    const ws = join(home, '.openclaw', 'workspace')
    const pkg = join(root, 'pkg')
    mkdirSync(join(ws, 'skills'), { recursive: true })
    mkdirSync(join(pkg, 'skills', 'canvas'), { recursive: true })
    writeFileSync(join(pkg, 'skills', 'canvas', 'SKILL.md'), '---\nname: canvas\n---\n')
    mkdirSync(join(home, '.openclaw', 'plugin-skills'), { recursive: true })
    symlinkSync(join(pkg, 'skills', 'canvas'), join(home, '.openclaw', 'plugin-skills', 'canvas'))
    const list = join(root, 'list.json')
    writeFileSync(list, JSON.stringify({ workspaceDir: ws, managedSkillsDir: join(home, '.openclaw', 'skills'), skills: [{ name: '1password', source: 'openclaw-bundled', bundled: true }, { name: 'canvas', source: 'openclaw-extra', bundled: false }, ...skills.map((s) => ({ bundled: false, ...s }))] }))
    return { home, ws, pkg, list, lock: join(ws, '.clawhub', 'lock.json'), out: join(root, 'out.json') }
  }
  const skill = (ws: string, name: string, opts: { version?: string; origin?: Record<string, unknown> }) => {
    mkdirSync(join(ws, 'skills', name, '.clawhub'), { recursive: true })
    writeFileSync(join(ws, 'skills', name, 'SKILL.md'), `---\nname: ${name}\ndescription: x\n${opts.version ? `version: ${opts.version}\n` : ''}---\n# ${name}\n`)
    if (opts.origin) writeFileSync(join(ws, 'skills', name, '.clawhub', 'origin.json'), JSON.stringify(opts.origin))
  }
  const plan = (w: ReturnType<typeof world>) => {
    const r = spawnSync('/usr/bin/python3', ['-I', join(__dirname, 'skills.py'), 'plan', w.list, w.home, w.pkg, w.out], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    return r.stdout
  }

  it('pins a ClawHub skill at its installedVersion and a local one at its SKILL.md version; other entries keep their bytes', () => {
    const w = world([{ name: 'weather-pro', source: 'openclaw-workspace' }, { name: 'hello-notes', source: 'openclaw-workspace' }])
    skill(w.ws, 'weather-pro', { origin: { version: 1, registry: 'https://clawhub.ai', slug: 'weather-pro', ownerHandle: 'steipete', installedVersion: '2.0.1', installedAt: 5 } })
    skill(w.ws, 'hello-notes', { version: '1.2.3' })
    mkdirSync(join(w.ws, '.clawhub'))
    const before = { version: 1, skills: { 'old-thing': { version: '0.9.0', registry: 'https://clawhub.ai', installedAt: 1, artifact: { kind: 'archive', sha256: 'ab', integrity: 'sha256-x' } }, 'weather-pro': { version: 'latest', installedAt: 5 } } }
    const beforeText = `${JSON.stringify(before, null, 2)}\n`
    writeFileSync(w.lock, beforeText)
    const out = plan(w)
    expect(out).toContain('show weather-pro 2.0.1 (openclaw-workspace, from ClawHub): pinning (the lock had "latest")')
    expect(out).toContain('show hello-notes 1.2.3 (openclaw-workspace, from a folder with no origin file): pinning')
    expect(out).not.toMatch(/canvas|1password/)
    expect(out.trim().split('\n').pop()).toBe('result changed')
    const written = readFileSync(w.out, 'utf8')
    const lock = JSON.parse(written) as { version: number; skills: Record<string, Record<string, unknown>> }
    expect(lock.version).toBe(1)
    expect(lock.skills['weather-pro']).toMatchObject({ version: '2.0.1', registry: 'https://clawhub.ai', ownerHandle: 'steipete', installedAt: 5, pinned: true })
    expect(lock.skills['hello-notes']).toMatchObject({ version: '1.2.3', pinned: true })
    // The untouched entry is byte for byte what OpenClaw's JSON.stringify(…, null, 2) wrote.
    const block = beforeText.slice(beforeText.indexOf('    "old-thing"'), beforeText.indexOf('    "weather-pro"'))
    expect(block).toMatch(/^ {4}"old-thing": \{\n[\s\S]*"integrity": "sha256-x"\n {6}\}\n {4}\},\n$/)
    expect(written).toContain(block)
  })

  it('already pinned: unchanged, nothing written; no outside skill: unchanged', () => {
    const w = world([{ name: 'hello-notes', source: 'openclaw-workspace' }])
    skill(w.ws, 'hello-notes', { version: '1.2.3' })
    mkdirSync(join(w.ws, '.clawhub'))
    writeFileSync(w.lock, JSON.stringify({ version: 1, skills: { 'hello-notes': { version: '1.2.3' } } }))
    expect(plan(w)).toMatch(/show hello-notes 1\.2\.3 .*: already pinned\nresult unchanged\n$/)
    expect(() => readFileSync(w.out)).toThrow()
    rmSync(root, { recursive: true, force: true })
    expect(plan(world([]))).toMatch(/No skills from outside OpenClaw are installed: nothing to pin\.\nresult unchanged\n$/)
  })

  it('refuses, writing nothing, for a skill without an exact version and for an unparsable lock; fixes version "1"', () => {
    const w = world([{ name: 'hand-made', source: 'openclaw-workspace' }])
    skill(w.ws, 'hand-made', {})
    const out = plan(w)
    expect(out).toMatch(/refuse hand-made \(openclaw-workspace, from a folder with no origin file\) has no exact version of its own \(null\): give it one/)
    expect(out.trim().split('\n').pop()).toBe('result refuse')
    expect(() => readFileSync(w.out)).toThrow()
    mkdirSync(join(w.ws, '.clawhub'))
    writeFileSync(w.lock, '{"version": 1, "skills": {')
    expect(plan(w)).toMatch(/refuse The lock file .* cannot be used \(unparsable\): OpenClaw itself refuses it/)
    writeFileSync(w.lock, JSON.stringify({ version: '1', skills: { 'hand-made': { version: '0.1.0' } } }))
    expect(plan(w)).toMatch(/The lock file's version is "1"; OpenClaw reads only the number 1: setting it to 1[\s\S]*result changed/)
    expect(JSON.parse(readFileSync(w.out, 'utf8'))).toEqual({ version: 1, skills: { 'hand-made': { version: '0.1.0' } } })
  })

  it('a lock file with version "1" is set to 1 even when no skill from outside is installed', () => {
    const w = world([])
    mkdirSync(join(w.ws, '.clawhub'))
    writeFileSync(w.lock, JSON.stringify({ version: '1', skills: {} }))
    expect(plan(w).trim().split('\n').pop()).toBe('result changed')
    expect(JSON.parse(readFileSync(w.out, 'utf8'))).toEqual({ version: 1, skills: {} })
  })
})

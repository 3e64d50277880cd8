#!/usr/bin/env node
// Packaging-layout and fuse check that runs without the real Electron binary (which CI cannot download).
// electron-builder packs `--linux dir` around a fake "electron" that carries only the fuse sentinel and a
// default fuse wire; the script then reads the fuses electron-builder flipped and lists the asar.
// Needs `electron-vite build` first. Does not touch node_modules (npmRebuild=false). Usage: node build/check-packaging.mjs
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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

const work = mkdtempSync(join(tmpdir(), 'ocss-pack-'))
const problems = []
try {
  const fakeDist = join(work, 'electron-dist')
  mkdirSync(fakeDist)
  const fake = join(fakeDist, 'electron')
  writeFileSync(fake, Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n# '), Buffer.from(SENTINEL), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(`${DEFAULT_WIRE}\n`)]))
  chmodSync(fake, 0o755)
  const out = join(work, 'dist')
  execFileSync(bin('electron-builder'), ['--linux', 'dir', '-c.npmRebuild=false', `-c.electronDist=${fakeDist}`, `-c.directories.output=${out}`], { cwd: root, stdio: 'inherit' })

  const exe = join(out, 'linux-unpacked', JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name)
  const report = execFileSync(bin('electron-fuses'), ['read', '--app', exe], { encoding: 'utf8' })
  for (const [fuse, state] of Object.entries(EXPECTED)) {
    if (!new RegExp(`\\b${fuse} is ${state}\\b`).test(report)) problems.push(`fuse ${fuse} is not ${state}`)
  }

  const asar = execFileSync(bin('asar'), ['list', join(out, 'linux-unpacked/resources/app.asar')], { encoding: 'utf8' }).split('\n')
  for (const f of ['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json']) {
    if (!asar.includes(f)) problems.push(`app.asar lacks ${f}`)
  }
  for (const f of asar) {
    if (/^\/(src|test|docs|scripts|out\/cli)\//.test(f)) problems.push(`app.asar should not contain ${f}`)
  }
  if (!existsSync(join(out, 'linux-unpacked/resources/app.asar.unpacked/node_modules/node-pty/build/Release/pty.node'))) {
    problems.push('node-pty is not unpacked from the asar')
  }
  console.log(report)
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (problems.length > 0) {
  console.error(`Packaging check FAILED:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('Packaging check passed: fuses flipped as configured, asar holds only out/ + package.json, node-pty unpacked.')

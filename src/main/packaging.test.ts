import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

/**
 * Reads electron-builder.yml with a deliberately tiny reader (the first tests, from before yaml was a dev dependency): top-level scalars,
 * and `key: value` / `- item` lines of one indented block. Enough for the keys asserted here.
 */
const yml = readFileSync(join(__dirname, '../../electron-builder.yml'), 'utf8')
const lines = yml.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))

function unquote(v: string): string {
  return v.replace(/^(['"])(.*)\1$/, '$2')
}

function topLevel(key: string): string | undefined {
  const line = lines.find((l) => l.startsWith(`${key}:`))
  return line === undefined ? undefined : unquote(line.slice(key.length + 1).trim())
}

function block(key: string): string[] {
  const start = lines.findIndex((l) => l === `${key}:`)
  if (start < 0) return []
  const out: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line)) break
    out.push(line)
  }
  return out
}

/** The direct `key: value` children of a block (two-space indent). */
function mapping(key: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of block(key)) {
    const m = /^ {2}([A-Za-z][\w-]*):\s*(.*)$/.exec(line)
    if (m?.[1] && m[2] !== undefined) out[m[1]] = unquote(m[2].trim())
  }
  return out
}

function list(key: string): string[] {
  return block(key)
    .map((l) => /^ {2}- (.*)$/.exec(l)?.[1])
    .filter((v): v is string => v !== undefined)
    .map((v) => unquote(v.trim()))
}

describe('electron-builder.yml', () => {
  it('sets every Electron fuse to the hardened value', () => {
    expect(mapping('electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      loadBrowserProcessSpecificV8Snapshot: 'false',
      grantFileProtocolExtraPrivileges: 'false',
    })
  })

  it('identifies the app and ships only the built output, asar-packed with only native files unpacked', () => {
    expect(topLevel('appId')).toBe('ai.openclaw.securesetup')
    expect(topLevel('productName')).toBe('OpenClaw Secure Setup')
    // An archive, without smart unpacking (which unpacks a package with a native module whole, JavaScript too).
    expect(mapping('asar')).toEqual({ smartUnpack: 'false' })
    // The three bundles only (not out/cli, nor what tests build under out/), and none of the dependencies' tests or sources.
    expect(list('files').slice(0, 6)).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', '!**/*.map', 'resources/**', 'package.json'])
    expect(list('files').slice(6).every((p) => p.startsWith('!**/node_modules/'))).toBe(true)
    // No pattern that could take JavaScript out of the archive (and out of its integrity check); resources/ holds no code.
    const unpack = list('asarUnpack')
    expect(unpack).toContain('**/*.node')
    expect(unpack).toContain('resources/**')
    for (const pattern of unpack.filter((p) => p !== 'resources/**')) expect(pattern, pattern).toMatch(/(\.node|\.dll|\.exe|spawn-helper)$/)
  })

  it('gives the Windows and Linux builds the icons from build/', () => {
    expect(mapping('win')).toMatchObject({ icon: 'build/icon.ico' })
    expect(mapping('linux')).toMatchObject({ icon: 'build/icon.png' })
  })

  it('builds a per-user NSIS installer that never asks for elevation', () => {
    expect(block('win').join('\n')).toMatch(/- target: nsis/)
    expect(mapping('nsis')).toMatchObject({ oneClick: 'false', perMachine: 'false', allowElevation: 'false' })
  })

  it('has Linux dir/AppImage targets for development', () => {
    expect(block('linux').join('\n')).toMatch(/ {4}- dir\n {4}- AppImage/)
  })

  it('has no "build" key in package.json competing with the yml', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg['build']).toBeUndefined()
  })
})

describe('electron-builder.yml: the packages the release workflow builds', () => {
  const cfg = parse(readFileSync(resolve(__dirname, '../../electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>
  const targets = (os: string) => (cfg[os]?.['target'] as (string | { target: string })[]).map((t) => (typeof t === 'string' ? t : t.target))
  it('Windows: the per-user NSIS installer and a portable exe; Linux: AppImage and deb; macOS: dmg', () => {
    expect(targets('win')).toEqual(['nsis', 'portable'])
    expect(targets('linux')).toEqual(['dir', 'AppImage', 'deb'])
    expect(targets('mac')).toEqual(['dmg', 'zip']) // the zip for electron-updater on macOS
    for (const k of ['nsis', 'portable', 'appImage', 'deb', 'dmg']) expect(cfg[k]?.['artifactName'], k).toMatch(/\$\{version\}/)
  })
  it('the uninstaller keeps the data unless the person says Yes; silent uninstalls and updates never ask', () => {
    expect(cfg['nsis']).toMatchObject({ deleteAppDataOnUninstall: false, perMachine: false, include: 'build/installer.nsh' })
    const nsh = readFileSync(resolve(__dirname, '../../build/installer.nsh'), 'utf8')
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*\$\{ifNot\} \$\{isUpdated\}\s+\$\{AndIfNot\} \$\{Silent\}[\s\S]*MB_DEFBUTTON2[\s\S]*\/SD IDNO IDNO ocss_keep_data[\s\S]*RMDir \/r "\$APPDATA\\\$\{APP_FILENAME\}"[\s\S]*ocss_keep_data:[\s\S]*!macroend/)
  })
  it('macOS: hardened runtime, and no entitlement but the JIT V8 needs', () => {
    expect(cfg['mac']).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', notarize: false })
    const plist = readFileSync(resolve(__dirname, '../../build/entitlements.mac.plist'), 'utf8')
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit'])
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Reads electron-builder.yml with a deliberately tiny reader (no YAML dependency): top-level scalars,
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
    expect(list('files')).toEqual(['out/**', '!out/cli/**', 'resources/**', 'package.json'])
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

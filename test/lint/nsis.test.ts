import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * build/installer.nsh (the uninstaller's "also remove the app's data?" question) compiled by the real makensis
 * (Debian's nsis), warnings as errors, inside a minimal uninstaller. electron-builder's own NSIS script cannot be built
 * here (its plugins are downloaded at build time), so the wrapper defines what it would: the two folder names and
 * `isUpdated` (electron-builder's `--updated` flag; the stand-in reads it the same way, with FileFunc's GetOptions).
 */
const ROOT = resolve(__dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'ocss-nsis-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function compile(include: string): { code: number | null; out: string } {
  const nsh = join(dir, 'installer.nsh')
  writeFileSync(nsh, include)
  const nsi = [
    'Unicode true',
    '!include LogicLib.nsh',
    '!include FileFunc.nsh',
    '!define APP_FILENAME "openclaw-secure-setup"',
    '!define APP_PRODUCT_FILENAME "OpenClaw Secure Setup"',
    '!macro _isUpdated _a _b _t _f',
    '  ${GetParameters} $R9',
    '  ${GetOptions} $R9 "--updated" $R8',
    '  IfErrors `${_f}` `${_t}`',
    '!macroend',
    '!define isUpdated `"" isUpdated ""`',
    `!include "${nsh}"`,
    'Name "OpenClaw Secure Setup"',
    `OutFile "${join(dir, 'uninstaller-test.exe')}"`,
    'RequestExecutionLevel user',
    'Section',
    '  WriteUninstaller "$INSTDIR\\Uninstall.exe"',
    'SectionEnd',
    'Section "Uninstall"',
    '  !insertmacro customUnInstall',
    'SectionEnd',
    '',
  ].join('\n')
  writeFileSync(join(dir, 'test.nsi'), nsi)
  const r = spawnSync('makensis', ['-WX', '-V2', join(dir, 'test.nsi')], { encoding: 'utf8' })
  if (r.error) throw new Error(`makensis did not run (${r.error.message}); scripts/install-and-test.sh installs Debian's nsis`)
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

const real = readFileSync(join(ROOT, 'build/installer.nsh'), 'utf8')

describe('build/installer.nsh under makensis (Debian nsis, warnings as errors)', () => {
  it('compiles into an uninstaller', () => {
    const r = compile(real)
    expect(r.out).toBe('')
    expect(r.code).toBe(0)
  })

  it('the compiler is live: a broken copy (an unclosed ${if}) is refused', () => {
    const broken = real.replace(/^\s*\$\{endIf\}\s*$/m, '')
    expect(broken).not.toBe(real)
    expect(compile(broken).code).not.toBe(0)
  })

  it('asks with No as the default and as the silent answer, and removes only the app\'s own folders', () => {
    expect(real).toMatch(/MessageBox MB_YESNO\|MB_ICONQUESTION\|MB_DEFBUTTON2 .* \/SD IDNO IDNO ocss_keep_data/)
    expect(real).toMatch(/\$\{AndIfNot\} \$\{Silent\}/)
    const removed = [...real.matchAll(/RMDir \/r "([^"]+)"/g)].map((m) => m[1])
    expect(removed).toEqual(['$APPDATA\\${APP_FILENAME}', '$APPDATA\\${APP_PRODUCT_FILENAME}'])
  })
})

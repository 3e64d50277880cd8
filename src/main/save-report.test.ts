import { chmodSync, linkSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportSaver, writePrivate } from './save-report'

// Electron's dialog cannot run here: a stand-in with showSaveDialog's shape answers for the person.
describe('report saver (Electron dialog mocked: no Electron runtime here)', () => {
  it('writes where the dialog says, mode 600, and offers the format as filter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-save-'))
    const asked: unknown[] = []
    const save = reportSaver({ showSaveDialog: (async (opts: unknown) => (asked.push(opts), { canceled: false, filePath: join(dir, 'r.html') })) as never }, () => null)
    expect(await save({ defaultName: 'openclaw-checklist.html', content: '<html>x</html>', format: 'html' })).toBe(join(dir, 'r.html'))
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toBe('<html>x</html>')
    expect(statSync(join(dir, 'r.html')).mode & 0o777).toBe(0o600)
    expect(asked[0]).toMatchObject({ defaultPath: 'openclaw-checklist.html', filters: [{ extensions: ['html'] }] })
  })

  it('a cancelled dialog writes nothing', async () => {
    const save = reportSaver({ showSaveDialog: (async () => ({ canceled: true, filePath: '' })) as never }, () => null)
    expect(await save({ defaultName: 'a.md', content: 'x', format: 'md' })).toBeNull()
  })

  it('tightens an existing file to 600 and refuses a symbolic link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-save-'))
    const f = join(dir, 'old.json')
    writeFileSync(f, 'old old old', { mode: 0o644 })
    await writePrivate(f, '{}')
    expect(readFileSync(f, 'utf8')).toBe('{}')
    expect(statSync(f).mode & 0o777).toBe(0o600)
    const target = join(dir, 'victim')
    writeFileSync(target, 'keep')
    symlinkSync(target, join(dir, 'link.json'))
    await expect(writePrivate(join(dir, 'link.json'), 'x')).rejects.toThrow(/link\.json is a symbolic link; the app does not write through links/)
    expect(readFileSync(target, 'utf8')).toBe('keep')
  })

  it('refuses a hard link chosen in the dialog: the other name keeps its content and mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocss-save-'))
    const other = join(dir, 'precious.txt')
    writeFileSync(other, 'keep me', { mode: 0o644 })
    chmodSync(other, 0o644)
    linkSync(other, join(dir, 'r.md'))
    const save = reportSaver({ showSaveDialog: (async () => ({ canceled: false, filePath: join(dir, 'r.md') })) as never }, () => null)
    await expect(save({ defaultName: 'r.md', content: '# r', format: 'md' })).rejects.toThrow(/r\.md is a hard link/)
    expect(readFileSync(other, 'utf8')).toBe('keep me')
    expect(statSync(other).mode & 0o777).toBe(0o644)
  })
})

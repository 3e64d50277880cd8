import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
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
    await expect(writePrivate(join(dir, 'link.json'), 'x')).rejects.toThrow(/ELOOP/)
    expect(readFileSync(target, 'utf8')).toBe('keep')
  })
})

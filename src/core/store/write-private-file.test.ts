import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePrivateFile } from './write-private-file'

// A folder whose path has a space and non-ASCII letters, as people's home folders do.
const tmp = () => mkdtempSync(join(tmpdir(), 'ocss wpf Zoë-'))
/** Everything in `dir` but the names given (what a failed write might have left behind). */
const leftovers = (dir: string, ...known: string[]) => readdirSync(dir).filter((n) => !known.includes(n))
const isRoot = process.getuid?.() === 0

describe('writePrivateFile (real files)', () => {
  it('writes the content with mode 600 through a temp file and rename, leaving nothing else behind', () => {
    const dir = tmp()
    const file = join(dir, 'report.html')
    expect(writePrivateFile(file, '<html>ü</html>')).toBe(file)
    expect(readFileSync(file, 'utf8')).toBe('<html>ü</html>')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(leftovers(dir, 'report.html')).toEqual([])
  })

  it('replaces an existing regular file by rename (new inode, mode 600), even under a umask that would leave 400', () => {
    const dir = tmp()
    const file = join(dir, 'old.json')
    writeFileSync(file, 'x'.repeat(100_000), { mode: 0o644 })
    const before = statSync(file).ino
    const old = process.umask(0o277)
    try {
      writePrivateFile(file, '{}')
    } finally {
      process.umask(old)
    }
    expect(readFileSync(file, 'utf8')).toBe('{}')
    expect(statSync(file).ino).not.toBe(before)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('a private copy of the null device (mknod c 1 3) keeps its mode, and nothing is written or left behind', () => {
    if (!isRoot) return expect.fail('mknod needs root')
    const dir = tmp()
    const dev = join(dir, 'null')
    execFileSync('mknod', [dev, 'c', '1', '3'])
    chmodSync(dev, 0o666)
    expect(() => writePrivateFile(dev, 'report')).toThrow(/null is a device, not a regular file; nothing was opened or changed/)
    const s = lstatSync(dev)
    expect(s.isCharacterDevice()).toBe(true)
    expect(s.mode & 0o777).toBe(0o666)
    expect(leftovers(dir, 'null')).toEqual([])
  })

  it('a FIFO is refused at once: nothing opens it, so nothing blocks (a reader turns up after 3 s to bound the test)', async () => {
    const dir = tmp()
    const fifo = join(dir, 'pipe.html')
    execFileSync('mkfifo', [fifo])
    // A writer that opened the FIFO would block in open() until a reader came; this one comes after 3 s (and gives up
    // after 5 more), so a regression fails on the time taken instead of hanging the run.
    const reader = spawn('sh', ['-c', 'sleep 3 && exec timeout 5 cat -- "$1" >/dev/null', 'sh', fifo], { stdio: 'ignore' })
    const readerGone = new Promise((r) => reader.once('exit', r))
    try {
      const t0 = Date.now()
      expect(() => writePrivateFile(fifo, 'report')).toThrow(/pipe\.html is a named pipe \(FIFO\), not a regular file/)
      expect(Date.now() - t0).toBeLessThan(2_000)
      expect(lstatSync(fifo).isFIFO()).toBe(true)
      expect(leftovers(dir, 'pipe.html')).toEqual([])
    } finally {
      reader.kill()
      await readerGone
    }
  }, 15_000)

  it('a hard link is refused: the other name keeps its content and mode', () => {
    const dir = tmp()
    const other = join(dir, 'precious.txt')
    writeFileSync(other, 'keep me', { mode: 0o644 })
    chmodSync(other, 0o644)
    const link = join(dir, 'report.md')
    linkSync(other, link)
    expect(() => writePrivateFile(link, 'report')).toThrow(/report\.md is a hard link \(the same file has 2 names\)/)
    expect(readFileSync(other, 'utf8')).toBe('keep me')
    expect(statSync(other).mode & 0o777).toBe(0o644)
    expect(readFileSync(link, 'utf8')).toBe('keep me')
    expect(leftovers(dir, 'precious.txt', 'report.md')).toEqual([])
  })

  it('a symbolic link is not followed: refused, its target untouched (also a dangling one, which would create the target)', () => {
    const dir = tmp()
    const target = join(dir, 'victim')
    writeFileSync(target, 'keep', { mode: 0o644 })
    chmodSync(target, 0o644)
    symlinkSync(target, join(dir, 'link.json'))
    expect(() => writePrivateFile(join(dir, 'link.json'), 'x')).toThrow(/link\.json is a symbolic link; the app does not write through links/)
    expect(readFileSync(target, 'utf8')).toBe('keep')
    expect(statSync(target).mode & 0o777).toBe(0o644)
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.json'))
    expect(() => writePrivateFile(join(dir, 'dangling.json'), 'x')).toThrow(/symbolic link/)
    expect(existsSync(join(dir, 'nowhere'))).toBe(false)
    expect(leftovers(dir, 'victim', 'link.json', 'dangling.json')).toEqual([])
  })

  it('refuses a folder, a socket and a missing parent folder with what to do', () => {
    const dir = tmp()
    mkdirSync(join(dir, 'adir'))
    expect(() => writePrivateFile(join(dir, 'adir'), 'x')).toThrow(/adir is a folder, not a file/)
    expect(() => writePrivateFile(join(dir, 'nope', 'r.html'), 'x')).toThrow(/The folder .*nope does not exist/)
    const sock = join(dir, 's.sock')
    const r = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.exit(0))`])
    expect(r.status).toBe(0)
    expect(() => writePrivateFile(sock, 'x')).toThrow(/s\.sock is a socket, not a regular file/)
  })

  it('the temp file never survives a failure (the write fails: a target that turns into a folder before the rename)', () => {
    const dir = tmp()
    const file = join(dir, 'r.html')
    let calls = 0
    // The second look at the target (just before the rename) sees a folder appear where the file should go.
    const lstat = (p: string) => {
      if (p === file && ++calls === 2) mkdirSync(file)
      return lstatSync(p, { throwIfNoEntry: false })
    }
    expect(() => writePrivateFile(file, 'x', { lstat })).toThrow(/r\.html is a folder, not a file/)
    expect(leftovers(dir, 'r.html')).toEqual([])
  })

  it('a write that fails (disk full: a 64 KiB tmpfs) is reported; the old file stays, the temp file is removed', () => {
    if (!isRoot) return expect.fail('mounting a small tmpfs needs root')
    const dir = tmp()
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=700', 'tmpfs', dir])
    try {
      const file = join(dir, 'r.json')
      writeFileSync(file, 'old')
      expect(() => writePrivateFile(file, 'x'.repeat(1024 * 1024))).toThrow(/Could not write .*r\.json \(ENOSPC\)/)
      expect(readFileSync(file, 'utf8')).toBe('old')
      expect(leftovers(dir, 'r.json')).toEqual([])
    } finally {
      execFileSync('umount', [dir])
    }
  })
})

describe('writePrivateFile on Windows (platform mocked: no Windows here)', () => {
  it('a junction or symbolic link at the target (lstat: reparse point) is refused before anything is created', () => {
    const dir = tmp()
    const target = join(dir, 'elsewhere')
    mkdirSync(target)
    symlinkSync(target, join(dir, 'r.html'), 'junction')
    expect(() => writePrivateFile(join(dir, 'r.html'), 'x', { platform: 'win32' })).toThrow(/r\.html is a symbolic link or junction \(a reparse point\); the app does not write through links/)
    expect(readdirSync(target)).toEqual([])
    expect(leftovers(dir, 'elsewhere', 'r.html')).toEqual([])
  })

  it('a junction in place of the folder is refused too (it would redirect the file)', () => {
    const dir = tmp()
    const real = join(dir, 'real')
    mkdirSync(real)
    symlinkSync(real, join(dir, 'Documents'), 'junction')
    expect(() => writePrivateFile(join(dir, 'Documents', 'r.html'), 'x', { platform: 'win32' })).toThrow(/Documents is a symbolic link or junction/)
    expect(readdirSync(real)).toEqual([])
  })

  it('a plain file is written (no POSIX mode is set there, no O_NOFOLLOW relied on)', () => {
    const dir = tmp()
    expect(readFileSync(writePrivateFile(join(dir, 'r.md'), '# r', { platform: 'win32' }), 'utf8')).toBe('# r')
    expect(leftovers(dir, 'r.md')).toEqual([])
  })
})

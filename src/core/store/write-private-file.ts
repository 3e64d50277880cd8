import { randomBytes } from 'node:crypto'
import { closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, renameSync, statSync, type Stats, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { AppError } from '../app-error'

/** What the writer needs from the platform; tests pass `platform: 'win32'` (Windows mocked) or another `lstat`. */
export interface WritePrivateFileDeps {
  readonly platform?: NodeJS.Platform
  readonly lstat?: (path: string) => Stats | undefined
}

const realLstat = (path: string): Stats | undefined => lstatSync(path, { throwIfNoEntry: false })

/** What a non-regular file is, in words, for the refusal. */
function kindOf(s: Stats): string | null {
  if (s.isDirectory()) return 'a folder'
  if (s.isSymbolicLink()) return 'a symbolic link'
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device'
  if (s.isFIFO()) return 'a named pipe (FIFO)'
  if (s.isSocket()) return 'a socket'
  if (!s.isFile()) return 'not a regular file'
  return null
}

/**
 * Refuses a target that is not a plain file the app may replace: a folder, a symbolic link (on Windows also a junction or
 * another reparse point: lstat reports them as links), a device, a FIFO, a socket, or a regular file with more than one
 * name (a hard link). Nothing is opened before this check, so a FIFO cannot block and a device keeps its mode.
 */
function refuseUnsafeTarget(path: string, full: string, lstat: (p: string) => Stats | undefined, windows: boolean): void {
  const s = lstat(full)
  if (!s) return
  const kind = kindOf(s)
  if (kind === 'a folder') throw new AppError('INVALID_INPUT', `${path} is a folder, not a file.`, 'Give a file name inside it, for example report.html.')
  if (kind === 'a symbolic link') {
    const what = windows ? 'a symbolic link or junction (a reparse point)' : 'a symbolic link'
    throw new AppError('INVALID_INPUT', `${path} is ${what}; the app does not write through links.`, 'Give the real path of the file, or remove the link first.')
  }
  if (kind) {
    throw new AppError('INVALID_INPUT', `${path} is ${kind}, not a regular file; nothing was opened or changed.`, 'Give the name of a regular file (a new name is fine), for example report.html in your home folder.')
  }
  if (s.nlink > 1) {
    throw new AppError(
      'INVALID_INPUT',
      `${path} is a hard link (the same file has ${s.nlink} names); replacing it would leave the other names with the old content and could surprise whoever owns them.`,
      'Give a new file name, or remove this name first (rm) if you mean to replace only this one.',
    )
  }
}

/**
 * Writes `content` to `path` privately and atomically: a temp file beside the target created with O_EXCL (mode 600,
 * never an existing file, never through a link), written, fsynced, then renamed over the target. An existing target
 * must be a regular file with one name (see refuseUnsafeTarget). The temp file never survives a failure. Returns the
 * absolute path written. Throws AppError with what happened and what to do; in that case the target is unchanged.
 */
export function writePrivateFile(path: string, content: string | Uint8Array, deps: WritePrivateFileDeps = {}): string {
  const windows = (deps.platform ?? process.platform) === 'win32'
  const lstat = deps.lstat ?? realLstat
  const full = resolve(path)
  const parent = dirname(full)
  // On Windows a junction in place of the folder would redirect the file, so it is looked at itself (lstat); on POSIX a
  // folder may be named through a link (O_EXCL and rename then act on the entries inside it).
  const parentStat = windows ? lstat(parent) : statSync(parent, { throwIfNoEntry: false })
  if (windows && parentStat?.isSymbolicLink()) {
    throw new AppError('INVALID_INPUT', `The folder ${parent} is a symbolic link or junction (a reparse point); the app does not write through links.`, 'Give the real path of the folder.')
  }
  if (!parentStat?.isDirectory()) throw new AppError('INVALID_INPUT', `The folder ${parent} does not exist.`, 'Create it first, or write the file somewhere else.')
  refuseUnsafeTarget(path, full, lstat, windows)

  const temp = join(parent, `.${basename(full)}.ocss-tmp-${randomBytes(6).toString('hex')}`)
  // O_NOFOLLOW does not exist on Windows (it reads as undefined/0); O_EXCL refuses an existing name, link or not, anyway.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (windows ? 0 : (constants.O_NOFOLLOW ?? 0))
  let fd: number
  try {
    fd = openSync(temp, flags, 0o600)
  } catch (err) {
    throw new AppError('INVALID_INPUT', `Could not create a file in ${parent} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, 'Check that you may write to that folder and that the disk is not full.')
  }
  let renamed = false
  try {
    try {
      // The umask may only remove bits; this makes the mode exactly 600 (Windows has no POSIX modes).
      if (!windows) fchmodSync(fd, 0o600)
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    // Look again just before replacing: something may have been put there while the file was written.
    refuseUnsafeTarget(path, full, lstat, windows)
    renameSync(temp, full)
    renamed = true
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('INVALID_INPUT', `Could not write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`, 'Check that you may write to that folder and that the disk is not full, then try again.')
  } finally {
    if (!renamed) {
      try {
        unlinkSync(temp)
      } catch {
        // Already gone.
      }
    }
  }
  if (!windows) syncFolder(parent)
  return full
}

/** Makes the rename durable (best effort: some file systems refuse fsync on a folder). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY)
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Not supported here; the data itself is already synced.
  }
}

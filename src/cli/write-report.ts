import { closeSync, constants, existsSync, fchmodSync, ftruncateSync, lstatSync, openSync, statSync, writeSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AppError } from '../core/app-error'

/**
 * Writes a report file with mode 600. Refuses a directory, a symlink (O_NOFOLLOW) and a missing parent folder.
 * An existing regular file is replaced (and its mode tightened to 600).
 */
export function writeReportFile(path: string, content: string): string {
  const full = resolve(path)
  if (existsSync(full) && statSync(full).isDirectory()) {
    throw new AppError('INVALID_INPUT', `--out ${path} is a folder, not a file.`, 'Give a file name inside it, for example --out report.html.')
  }
  const parent = dirname(full)
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new AppError('INVALID_INPUT', `The folder ${parent} does not exist.`, 'Create it first, or write the report somewhere else.')
  }
  if (lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new AppError('INVALID_INPUT', `--out ${path} is a symbolic link; the report is not written through links.`, 'Give the real path of the file.')
  }
  let fd: number
  try {
    fd = openSync(full, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o600)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new AppError('INVALID_INPUT', `Could not open ${path} for writing (${code ?? 'error'}).`, 'Check that you may write to that folder.')
  }
  try {
    fchmodSync(fd, 0o600)
    ftruncateSync(fd, 0)
    const buf = Buffer.from(content, 'utf8')
    let off = 0
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
  } finally {
    closeSync(fd)
  }
  return full
}

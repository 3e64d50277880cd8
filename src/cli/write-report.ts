import { writePrivateFile } from '../core/store/write-private-file'

/**
 * Writes a report file for `report --out`: mode 600, atomically (temp file with O_EXCL, fsync, rename). Refuses a
 * missing parent folder and a target that is a folder, a link, a device, a FIFO, a socket or a hard link; see
 * writePrivateFile. Returns the absolute path written.
 */
export function writeReportFile(path: string, content: string): string {
  return writePrivateFile(path, content)
}

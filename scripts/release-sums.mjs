#!/usr/bin/env node
// SHA-256 of every package in a folder, in `sha256sum` format ("<hex>  <name>"), written beside them; the same on
// Windows, macOS and Linux (the release workflow runs it on each). `sha256sum -c` checks the file.
// Usage: node scripts/release-sums.mjs <dist folder> <output file name>
import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const PACKAGE = /\.(exe|AppImage|deb|dmg|zip|blockmap)$|^latest.*\.yml$/

function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(file).on('data', (d) => h.update(d)).on('error', reject).on('end', () => resolve(h.digest('hex')))
  })
}

/** The sums file's text for the packages directly in `dir` (sorted by name); throws when there is none. */
export async function sumsFor(dir) {
  const names = readdirSync(dir).filter((n) => PACKAGE.test(n) && statSync(join(dir, n)).isFile()).sort()
  if (names.length === 0) throw new Error(`no packages in ${dir} (looked for ${PACKAGE})`)
  const lines = []
  for (const n of names) lines.push(`${await sha256(join(dir, n))}  ${n}`)
  return `${lines.join('\n')}\n`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, out] = process.argv.slice(2)
  if (!dir || !out || basename(out) !== out) {
    process.stderr.write('usage: node scripts/release-sums.mjs <dist folder> <output file name>\n')
    process.exit(2)
  }
  sumsFor(dir).then((text) => {
    writeFileSync(join(dir, out), text)
    process.stdout.write(text)
  }, (e) => {
    process.stderr.write(`release-sums: ${e.message}\n`)
    process.exit(1)
  })
}

#!/usr/bin/env node
// Electronegativity gate: scans the app's source for Electron misconfigurations and fails on what must not ship.
// Usage: node scripts/electronegativity.mjs [--input DIR] [--docs FILE]   (defaults: src, docs/electron-security.md)
//
//  - Test files (*.test.ts, *.test.tsx) are left out: the scanner has no option to exclude files, so the scanned
//    tree is a temporary copy of DIR without them (their fixtures, e.g. a weak CSP header, are not app code).
//  - The scanner runs through its programmatic API. Its CSV output is unreliable (the header and the rows are two
//    racing asynchronous writes, and the header overwrites the first row) and its SARIF output has no severity.
//  - No network: AvailableSecurityFixesGlobalCheck is skipped (it downloads Electron's release list), and the HTTP
//    client the tool uses for its only other request (updated message translations, retried for several seconds
//    when offline) is replaced by one that fails at once, so the bundled English messages are used ("Could not
//    retrieve updated translations" is printed and is expected). A watchdog ends a scan that hangs.
//  - The Electron version comes from package.json (the scanner cannot detect it in src/ and would assume 0.1.0).
//
// Exit 1: a HIGH finding; a MEDIUM finding whose check and file have no verdict row in the docs file; a file the
// scanner could not parse (it would be a blind spot). Exit 2: the scanner itself failed or timed out. Else 0.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const TIMEOUT_MS = 180_000
const SKIPPED_CHECKS = ['AvailableSecurityFixesGlobalCheck']
const TEST_FILE = /\.test\.(ts|tsx|mts|js|mjs)$/

const { values } = parseArgs({
  options: { input: { type: 'string', default: join(ROOT, 'src') }, docs: { type: 'string', default: join(ROOT, 'docs/electron-security.md') } },
})
const input = resolve(values.input)
const docsFile = resolve(values.docs)
if (!existsSync(input)) {
  console.error(`error: ${input} does not exist. Pass the folder to scan with --input DIR.`)
  process.exit(2)
}

/** "| `CHECK_ID` | `file` | …" rows of the docs file: the findings someone has reviewed. */
function reviewedFindings() {
  if (!existsSync(docsFile)) return new Set()
  const rows = readFileSync(docsFile, 'utf8').split('\n')
  return new Set(rows.map((r) => /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(r)).filter(Boolean).map((m) => `${m[1]} ${m[2]}`))
}

const watchdog = setTimeout(() => {
  console.error(`error: Electronegativity did not finish within ${TIMEOUT_MS / 1000} s. Run it again; if it hangs again, run it by hand (npx electronegativity -i src) to see where.`)
  process.exit(2)
}, TIMEOUT_MS)

const work = mkdtempSync(join(tmpdir(), 'ocss-electronegativity-'))
let result
try {
  const tree = join(work, 'src')
  cpSync(input, tree, { recursive: true, filter: (from) => !TEST_FILE.test(from) && !from.split(/[\\/]/).includes('node_modules') })
  // The scanner reads LANG to pick its message language; keep the output in English whatever the machine says.
  process.env.LANG = 'en-US'
  const requireHere = createRequire(import.meta.url)
  const scannerMain = requireHere.resolve('@doyensec/electronegativity')
  const gotPath = createRequire(scannerMain).resolve('got')
  const offline = () => Promise.reject(new Error('offline: the Electronegativity gate makes no network requests'))
  requireHere.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline }
  const run = requireHere(scannerMain)
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.electron
  result = await run({
    input: tree,
    isRelative: true,
    excludeFromScan: SKIPPED_CHECKS,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  })
} catch (err) {
  console.error(`error: Electronegativity failed: ${err instanceof Error ? err.stack : String(err)}`)
  process.exitCode = 2
} finally {
  clearTimeout(watchdog)
  rmSync(work, { recursive: true, force: true })
}
if (!result) process.exit(2)

const reviewed = reviewedFindings()
const problems = []
const findings = result.issues.map((i) => ({
  id: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  file: i.file,
  where: `${i.file}:${i.location?.line ?? 0}:${i.location?.column ?? 0}`,
  review: i.manualReview === true,
  sample: (i.sample ?? '').slice(0, 120),
  description: i.description,
}))
const order = { HIGH: 0, MEDIUM: 1, LOW: 2, INFORMATIONAL: 3 }
findings.sort((a, b) => (order[a.severity] ?? 9) - (order[b.severity] ?? 9) || a.where.localeCompare(b.where))

console.log(`Electronegativity over ${relative(ROOT, input) || '.'} (test files left out), Electron ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.electron}: ${result.atomicChecks} atomic and ${result.globalChecks} global checks, ${findings.length} finding(s).`)
for (const f of findings) {
  let verdict = ''
  if (f.severity === 'HIGH') {
    verdict = 'FAIL'
    problems.push(`${f.id} (HIGH) at ${f.where}: ${f.description.replace(/\.?$/, ".")} Fix it in the code; HIGH findings cannot be waived.`)
  } else if (f.severity === 'MEDIUM') {
    verdict = reviewed.has(`${f.id} ${f.file}`) ? 'reviewed' : 'FAIL (no verdict)'
    if (!reviewed.has(`${f.id} ${f.file}`)) {
      problems.push(`${f.id} (MEDIUM) at ${f.where} has no verdict in ${relative(ROOT, docsFile)}: fix it, or add a row "| \`${f.id}\` | \`${f.file}\` | …" saying why it is safe.`)
    }
  }
  console.log(`  ${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id.padEnd(28)} ${f.where}${f.review ? ' (review)' : ''}${verdict ? `  [${verdict}]` : ''}`)
  console.log(`      ${f.description}${f.sample ? `  | ${f.sample}` : ''}`)
}
for (const e of result.errors) {
  const file = relative(join(work, 'src'), e.file)
  if (e.tolerable) console.log(`  warning: ${file} parsed with a warning: ${e.message}`)
  else problems.push(`${file} could not be parsed, so it was not checked: ${e.message}`)
}

if (problems.length > 0) {
  console.error(`\nElectronegativity gate FAILED:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('\nElectronegativity gate passed: no HIGH finding, every MEDIUM finding has a verdict in the docs, every file parsed.')

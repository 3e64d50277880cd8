import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A wsl.exe that logs each argument vector (one line) and then runs the real one (the stand-in). */
export function loggingWsl(real: string): { path: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-wsl-log-'))
  const log = join(dir, 'calls.log')
  const file = join(dir, 'wsl.exe')
  writeFileSync(file, `#!/bin/bash\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`)
  chmodSync(file, 0o755)
  return { path: file, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) }
}

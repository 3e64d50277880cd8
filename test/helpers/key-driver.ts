import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyFinished } from '../../src/shared/ipc-contract'
import type { ServiceDriver } from './service-driver'

/**
 * Runs "Install key" through the service as the window does, typing `password` into the terminal each time ssh asks
 * for it (like a person would). Resolves with the ssh:key-finished event and the number of password prompts seen.
 */
export async function installKey(driver: ServiceDriver, password: string, timeoutMs = 60_000, payload: Record<string, unknown> = {}): Promise<KeyFinished & { prompts: number }> {
  const mark = driver.terminal.length
  const events = driver.events.length
  const started = await driver.call('ssh:key-install', payload)
  let prompts = 0
  const start = Date.now()
  for (;;) {
    const done = driver.events.slice(events).find((e) => e.event === 'ssh:key-finished')
    if (done) return { ...(done.payload as KeyFinished), prompts }
    const seen = (driver.terminal.slice(mark).match(/password:/gi) ?? []).length
    if (seen > prompts) {
      prompts = seen
      await driver.call('terminal:input', { sessionId: started.sessionId, data: `${password}\r` })
    }
    if (Date.now() - start > timeoutMs) throw new Error(`key install did not finish; terminal:\n${driver.terminal.slice(mark)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Puts a logging `ssh` first on PATH (for this test process): each invocation's argument vector is appended to a log,
 * then the real /usr/bin/ssh runs. Returns a reader for the log and a restore function.
 */
export function recordSshArgv(): { argv: () => string; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-sshlog-'))
  const log = join(dir, 'argv.log')
  writeFileSync(join(dir, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec /usr/bin/ssh "$@"\n`)
  chmodSync(join(dir, 'ssh'), 0o755)
  const before = process.env.PATH
  process.env.PATH = `${dir}:${before ?? ''}`
  return { argv: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''), restore: () => void (process.env.PATH = before) }
}

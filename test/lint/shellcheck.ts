import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { STEPS } from '../../src/catalog'
import { BOOTSTRAP } from '../../src/core/targets/stdin-protocol'

/** A shell script under a readable name (a repository path, or `sent/<what>` for text as the app sends it). */
export interface ShellScript {
  readonly name: string
  readonly text: string
}

/**
 * Every script as it is sent to a target: each step's apply/check/undo after its `# @include` helpers were written
 * in (withIncludes), and the stdin bootstrap (run with `bash -c`). The runner, target, service and checklist
 * scripts are sent as their files are, so shellFiles() covers them.
 */
export function sentScripts(): ShellScript[] {
  const scripts: ShellScript[] = [{ name: 'sent/stdin-bootstrap.sh', text: `#!/bin/bash\n${BOOTSTRAP}\n` }]
  // A Windows-side step (actor 'windows') sends nothing: its scripts are a description of what the app runs on Windows.
  for (const step of STEPS.filter((s) => s.meta.actor !== 'windows')) {
    for (const action of ['apply', 'check', 'undo'] as const) scripts.push({ name: `sent/${step.meta.id}/${action}.sh`, text: step.scripts[action] })
  }
  return scripts
}

/** Every `*.sh` file below the given folders, and every file there whose first line is a sh or bash shebang. */
export function shellFiles(root: string, folders: readonly string[]): ShellScript[] {
  const found: ShellScript[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path)
      } else if (entry.isFile()) {
        const text = readFileSync(path, 'utf8')
        if (entry.name.endsWith('.sh') || /^#![^\n]*\b(ba)?sh\b/.test(text)) found.push({ name: relative(root, path), text })
      }
    }
  }
  for (const folder of folders) walk(join(root, folder))
  return found.sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Runs the real `shellcheck` (every severity, down to style) over the scripts and returns its findings, one line
 * each (`name:line:col: severity: message [SCxxxx]`). Each script names its shell (shebang or `# shellcheck shell=`),
 * so one without gets SC2148.
 */
export async function shellcheckFindings(scripts: readonly ShellScript[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-shellcheck-'))
  try {
    for (const s of scripts) {
      mkdirSync(dirname(join(dir, s.name)), { recursive: true })
      writeFileSync(join(dir, s.name), s.text)
    }
    // One shellcheck per core, each on every n-th script: about 40 s of CPU in all (the sent scripts carry the helpers).
    const n = Math.max(1, Math.min(4, availableParallelism(), scripts.length))
    const chunks = Array.from({ length: n }, (_, i) => scripts.filter((_, j) => j % n === i).map((s) => s.name))
    const runs = await Promise.all(chunks.map((names) => new Promise<string>((resolve, reject) => {
      const c = spawn('shellcheck', ['--severity=style', '--format=gcc', '--', ...names], { cwd: dir })
      let out = ''
      let err = ''
      c.stdout.on('data', (b: Buffer) => { out += b.toString() })
      c.stderr.on('data', (b: Buffer) => { err += b.toString() })
      c.on('error', (e) => reject(new Error(`Could not run shellcheck (${e.message}). Install it: apt-get install shellcheck (scripts/install-and-test.sh does).`)))
      // 0: no findings, 1: findings; anything else is shellcheck failing (a bad option, a file it could not read).
      c.on('close', (code) => (code === 0 || code === 1 ? resolve(out) : reject(new Error(`shellcheck failed with exit code ${code}: ${err}`))))
    })))
    return runs.join('').split('\n').filter(Boolean).sort()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

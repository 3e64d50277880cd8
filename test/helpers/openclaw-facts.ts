import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OPENCLAW_LIBS } from '../../src/catalog/lib/openclaw-libs'

/** The reader and redactor of openclaw.json exactly as lib/openclaw.sh sends it (the text of its heredoc). */
export function redactorScript(): string {
  const m = /<<'OCSS_OC_REDACT_PY'\n([\s\S]*?)\nOCSS_OC_REDACT_PY\n/.exec(OPENCLAW_LIBS['openclaw.sh'] ?? '')
  if (!m?.[1]) throw new Error('lib/openclaw.sh carries no OCSS_OC_REDACT_PY heredoc')
  return m[1]
}

/** Runs the redactor the way ocss_oc_facts does (/usr/bin/python3 -I -c SCRIPT FILE) on a file; its stdout. */
export function runRedactor(file: string): { stdout: string; status: number | null; stderr: string } {
  const r = spawnSync('/usr/bin/python3', ['-I', '-c', redactorScript(), file], { encoding: 'utf8' })
  return { stdout: r.stdout, status: r.status, stderr: r.stderr }
}

/** The `### oc-config` body the target prints for an openclaw.json holding `content` (mode `mode`), as lines. */
export function ocConfigLines(content: string | Buffer, mode = 0o600): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ocss-redact-'))
  try {
    const file = join(dir, 'openclaw.json')
    writeFileSync(file, content)
    chmodSync(file, mode)
    const r = runRedactor(file)
    if (r.status !== 0) throw new Error(`the redactor failed (${String(r.status)}): ${r.stderr}`)
    return r.stdout.replace(/\n$/, '').split('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A check output (the facts' sections) with `### oc-config` replaced by what the target prints for `content`. */
export function withConfig(facts: string, content: string | Buffer | null): string {
  const lines = content === null ? ['absent'] : ocConfigLines(content)
  return facts.replace(/### oc-config\n(?:(?!### )[^\n]*\n)*/, () => `### oc-config\n${lines.join('\n')}\n`)
}

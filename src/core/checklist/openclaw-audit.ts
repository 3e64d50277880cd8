import { createHash } from 'node:crypto'
import { recordEvidence, recordSummary } from '../../checklist/record-text'
import type { CheckRecord } from '../../shared/step'
import { AppError } from '../app-error'
import type { Target } from '../targets/target'
import auditScript from './openclaw-audit.sh?raw'

/**
 * OpenClaw's own `security audit --deep --json`, as the check behind the checklist item "OpenClaw's own audit:
 * 0 critical" (items.ts maps it to the step id below). It is not a catalogue step (nothing to apply or undo). In the
 * re-check pass root starts it as the OpenClaw account (runuser, clean environment) inside the same request as the OS
 * checks (check-batch.sh); when that account does not exist yet, or has no OpenClaw, it runs as the login user over
 * the user control channel. Its record is saved like a step's.
 */
export const AUDIT_STEP_ID = 'openclaw-audit'

/** Bump when the evaluation below changes meaning: saved results then read "re-check needed". */
const EVALUATOR_VERSION = '3'

/** Shown with the audit wherever it appears: the account being audited runs the audit and reports its result. */
export const SELF_REPORTED = 'self-reported by the OpenClaw account'

export const AUDIT_CHECK_VERSION = createHash('sha256').update(`${auditScript}\n${EVALUATOR_VERSION}`).digest('hex').slice(0, 12)

export const AUDIT_SCRIPT: string = auditScript

interface Finding {
  readonly checkId: string
  readonly severity: string
  readonly title: string
  readonly remediation: string
}

/** Which account's OpenClaw answered, and how it was started: the evidence says so. */
export interface AuditedAs {
  /** The account name (or the target's label when unknown). */
  readonly account: string
  /** One evidence line, e.g. "audited account: openclaw (started by root with runuser, alongside the OS checks)". */
  readonly line: string
}

interface AuditJson {
  readonly summary: { readonly critical: number; readonly warn: number; readonly info: number }
  readonly findings: readonly Finding[]
}

function parseAudit(text: string): AuditJson | null {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start < 0 || end <= start) return null
  let data: unknown
  try {
    data = JSON.parse(text.slice(start, end + 1))
  } catch {
    return null
  }
  const d = data as Partial<AuditJson> | null
  const s = d?.summary
  if (!s || typeof s.critical !== 'number' || typeof s.warn !== 'number' || typeof s.info !== 'number') return null
  const findings = Array.isArray(d.findings)
    ? d.findings.filter((f): f is Finding => !!f && typeof f.checkId === 'string' && typeof f.severity === 'string').map((f) => ({ checkId: f.checkId, severity: f.severity, title: typeof f.title === 'string' ? f.title : '', remediation: typeof f.remediation === 'string' ? f.remediation : '' }))
    : []
  return { summary: { critical: s.critical, warn: s.warn, info: s.info }, findings }
}

const ORDER: Readonly<Record<string, number>> = { critical: 0, warn: 1, info: 2 }

/** Turns the audit script's output into a check record. Pure; everything kept is cut, made free of control characters and redacted. */
export function evaluateAudit(r: { exitCode: number; stdout: string; stderr: string }, who: string | AuditedAs, now = new Date()): CheckRecord {
  const as = typeof who === 'string' ? null : who
  const user = typeof who === 'string' ? who : who.account
  const base = { stepId: AUDIT_STEP_ID, checkedAt: now.toISOString(), checkVersion: AUDIT_CHECK_VERSION }
  if (/^ocss-audit no-cli$/m.test(r.stdout)) {
    return { ...base, status: 'error', summary: `OpenClaw is not installed for ${user} (no "openclaw" command found), so its audit cannot run. Install OpenClaw, then re-check.`, evidence: [...(as ? [as.line] : []), 'command -v openclaw: not found'] }
  }
  const rc = /^ocss-audit rc (\d+)$/m.exec(r.stdout)?.[1]
  const body = r.stdout.replace(/^ocss-audit .*$/gm, '')
  const audit = parseAudit(body)
  if (!audit) {
    const why = r.exitCode !== 0 ? `the audit script ended with exit code ${r.exitCode}` : rc === '124' ? 'the audit did not finish within 150 s' : `openclaw exited with code ${rc ?? '?'} without a JSON report`
    return { ...base, status: 'error', summary: `OpenClaw's security audit gave no result: ${why}. Run "openclaw security audit --deep" on the machine to see why, then re-check.`, evidence: recordEvidence(r.stderr.trim().split('\n').filter(Boolean).slice(-10)) }
  }
  const { critical, warn, info } = audit.summary
  const sorted = [...audit.findings].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3))
  const prog = program(r.stdout)
  // Each finding, then its remediation on a line of its own (OpenClaw's "remediation" field, when it gives one).
  const lines = sorted.flatMap((f) => [`${f.severity} ${f.checkId}: ${f.title}`, ...(f.remediation ? [`  fix: ${f.remediation.replace(/\s+/g, ' ')}`] : [])])
  const evidence = recordEvidence([`openclaw security audit --deep --json: critical=${critical} warn=${warn} info=${info}`, prog.line, ...(as ? [as.line] : []), ...lines])
  const by = `${SELF_REPORTED} (${prog.short})`
  if (critical === 0) return { ...base, status: 'pass', summary: recordSummary(`OpenClaw's deep audit reports 0 critical findings (${warn} warning(s), ${info} info); ${by}.`), evidence }
  const ids = sorted.filter((f) => f.severity === 'critical').map((f) => f.checkId)
  return { ...base, status: 'fail', summary: recordSummary(`OpenClaw's deep audit reports ${critical} critical finding(s)${ids.length ? `: ${ids.join(', ')}` : ''}; ${by}.`), evidence }
}

/** The program that answered, from the script's markers: `command -v` result, its realpath, owner and mode. */
function program(stdout: string): { line: string; short: string } {
  const marker = (name: string) => new RegExp(`^ocss-audit ${name} (.*)$`, 'm').exec(stdout)?.[1]?.slice(0, 500)
  const bin = marker('bin') ?? '?'
  const real = marker('real') ?? bin
  const [owner, mode] = (marker('stat') ?? '').split(' ').map((w) => w || '?')
  return {
    line: `openclaw program: ${bin}${real !== bin ? ` -> ${real}` : ''} (owner ${owner ?? '?'}, mode ${mode ?? '?'})`,
    short: `program ${real}, owner ${owner ?? '?'}`,
  }
}

/** Runs the audit as the login user over the user control channel. A dropped connection throws (the caller marks it interrupted). */
export async function runOpenClawAudit(target: Target, why?: string): Promise<CheckRecord> {
  const r = await target.exec(AUDIT_SCRIPT, { timeoutMs: 180_000 })
  return evaluateAudit(r, { account: target.label, line: `audited account: the login user ${target.label} (its own install, over the user channel${why ? `; ${why}` : ''})` })
}

/** True when the audit script found no `openclaw` for the account it ran as. */
export function auditFoundNoCli(stdout: string): boolean {
  return /^ocss-audit no-cli$/m.test(stdout)
}

/** The line naming the account root started the audit as (check-batch.sh). */
export function accountAuditLine(user: string): string {
  return `audited account: ${user} (the OpenClaw account; started by root with runuser and a clean environment, alongside the OS checks)`
}

/** The record of an audit that a dropped connection cut off: interrupted, never passed. */
export function interruptedAudit(err: unknown, now = new Date()): CheckRecord {
  const e = AppError.from(err)
  return { stepId: AUDIT_STEP_ID, status: 'interrupted', summary: recordSummary(`OpenClaw's audit was interrupted: ${e.message} Reconnect, then re-check.`), evidence: [], checkedAt: now.toISOString(), checkVersion: AUDIT_CHECK_VERSION }
}

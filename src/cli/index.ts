import { stepsFor } from '../catalog'
import { AppError } from '../core/app-error'
import { defaultDataDir } from '../core/paths'
import { hardenProgramLookup } from '../core/targets/program-path'
import { checklistEntries } from '../core/checklist/checklist-view'
import { runRecheckPass } from '../core/service/recheck-pass'
import { savedJobEnv } from '../core/service/saved-inputs'
import { probeCheckLauncher } from '../core/runner/check-launcher'
import { openclawAccountWarning } from '../core/service/openclaw-account'
import { connectTarget } from '../core/service/connect'
import { withAppIdentity } from '../core/service/key-setup'
import { ChecklistStore } from '../core/store/checklist-store'
import { ManualStore } from '../core/store/manual-store'
import { savedChecklist } from '../core/checklist/checklist-inputs'
import { CHECKLIST_ITEMS } from '../checklist/items'
import { buildReport, renderReport } from '../checklist/report/render'
import { APP_VERSION } from './app-version'
import { writeReportFile } from './write-report'
import { parseCli, USAGE, type Command } from './args'
import { formatReport } from './format'
import { formatChecklist, jsonChecklist } from './format-checklist'
import { isHardened } from '../checklist/verdict'
import type { CheckRecord } from '../shared/step'
import { promptHidden, readFirstLine } from './read-password'
import { runChange } from './run-change'
import { windowsSide } from '../core/windows/windows-side'

/**
 * Exit codes of verify/status: 0 every item this app can check passes (or is waived) and no manual confirmation is due
 * (src/checklist/verdict.ts), 1 otherwise, 2 usage or connection error. apply/undo/run: see run-change.ts.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCli(argv)
  if (!parsed.ok) {
    process.stderr.write(`error: ${parsed.message}\nNothing was run. See --help for usage.\n`)
    return 2
  }
  const cmd = parsed.command
  if (cmd.name === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const dataDir = defaultDataDir(env)
  const store = new ChecklistStore(dataDir)
  const manual = new ManualStore(dataDir)
  // A saved file that could not be used was moved aside; say so, then carry on without it.
  for (const p of [...store.problems(), ...manual.problems()]) process.stderr.write(`warning: ${p.message}\n  ${p.hint}\n`)
  if (cmd.name === 'status') return status(store, manual, cmd.json)
  if (cmd.name === 'report') return report(cmd, store, manual)
  if (cmd.name === 'change') return runChange(cmd, store, dataDir)
  return verify(cmd, store, manual, dataDir)
}

/** Prints the checks that ran and every checklist item; the exit code follows the checklist's verdict. */
function printResult(label: string, key: string, kind: 'ssh' | 'wsl', checks: readonly CheckRecord[], store: ChecklistStore, manual: ManualStore, json: boolean): number {
  const entries = checklistEntries(store, manual, key, kind)
  process.stdout.write(`${json ? jsonChecklist(label, entries, checks) : `${formatReport({ target: label, items: checks })}\n${formatChecklist(entries)}`}\n`)
  return isHardened(entries) ? 0 : 1
}

function status(store: ChecklistStore, manual: ManualStore, json: boolean): number {
  const key = store.lastTargetKey()
  const record = key ? store.target(key) : undefined
  if (!key || !record) {
    process.stderr.write('No saved status yet. Run "verify --target ..." first.\n')
    return 2
  }
  const items = stepsFor(record.spec.kind).map(
    (s) => record.items[s.meta.id] ?? { stepId: s.meta.id, status: 'unknown' as const, summary: 'Not checked yet.', evidence: [], checkedAt: null, checkVersion: '' },
  )
  return printResult(record.label, key, record.spec.kind, items, store, manual, json)
}

/** Writes the saved checklist of the last target as a report file. Never connects. */
function report(cmd: Extract<Command, { name: 'report' }>, store: ChecklistStore, manual: ManualStore): number {
  try {
    const saved = savedChecklist(store, manual)
    if (!saved) {
      process.stderr.write('No saved checklist yet. Run "verify --target ..." first; nothing was written.\n')
      return 2
    }
    const content = renderReport(buildReport({ ...saved.inputs, appVersion: APP_VERSION, targetLabel: saved.label, items: CHECKLIST_ITEMS }), cmd.format)
    const path = writeReportFile(cmd.out, content)
    process.stdout.write(`Report of ${saved.label} (${CHECKLIST_ITEMS.length} items, ${cmd.format}) written to ${path} (mode 600). Secrets in command output are redacted.\n`)
    return 0
  } catch (err) {
    const e = AppError.from(err)
    process.stderr.write(`error: ${e.message}\n${e.hint}\nNothing was written.\n`)
    return 2
  }
}

async function verify(cmd: Extract<Command, { name: 'verify' }>, store: ChecklistStore, manual: ManualStore, dataDir: string): Promise<number> {
  const progress = (msg: string) => {
    if (!cmd.json) process.stderr.write(`… ${msg}\n`)
  }
  let password: string | undefined
  if (cmd.sudoPasswordStdin) {
    // On a terminal, "the first line of stdin" is typed by a person: never echo it.
    password = process.stdin.isTTY ? await promptHidden('[sudo] password: ') : await readFirstLine(process.stdin)
  }
  try {
    progress(`Connecting to ${cmd.target.kind === 'ssh' ? `${cmd.target.user}@${cmd.target.host}:${cmd.target.port}` : cmd.target.distro}`)
    // Without --identity, the app's own key is used for a target where the app's Key login proved it (recorded proof).
    const outcome = await connectTarget(withAppIdentity(cmd.target, store, dataDir), {
      store,
      dataDir,
      ...(cmd.hostKey ? { trustFingerprint: cmd.hostKey } : {}),
      sudoPassword: () => password,
    })
    if (outcome.status === 'host-key-unknown') {
      process.stderr.write(
        `The host key of ${cmd.target.kind === 'ssh' ? cmd.target.host : ''} is not trusted yet.\n` +
          `  ${outcome.hostKey.type} ${outcome.hostKey.fingerprint}\n` +
          'Compare it with the key on the machine itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub),\n' +
          `then run again with --host-key ${outcome.hostKey.fingerprint}\nNothing was checked.\n`,
      )
      return 2
    }
    const target = outcome.target
    const warning = cmd.target.kind === 'ssh' ? await openclawAccountWarning(target, cmd.target.user) : null
    if (warning) process.stderr.write(`warning: ${warning}\n`)
    // The check-only sudo rule (step sudo-check-launcher) needs no password: then none is sent, even if one was given.
    const viaLauncher = outcome.sudo === 'password' && (await probeCheckLauncher(target))
    if (viaLauncher) progress('The check-only sudo rule is installed: no sudo password is sent')
    else if (outcome.sudo === 'password' && password === undefined) {
      if (!process.stdin.isTTY) throw new AppError('SUDO_PASSWORD_REQUIRED', `Root checks on ${target.label} need the sudo password and there is no terminal to ask on.`, 'Pass --sudo-password-stdin and write the password as the first line of stdin.')
      password = await promptHidden(`[sudo] password for ${target.label}: `)
    }
    // The whole pass: every OS-level check in one root request, OpenClaw's own audit alongside as the user.
    const stepIds = stepsFor(target.kind).map((s) => s.meta.id)
    progress(`Checking ${stepIds.length} step(s) as root in one request (those of Windows on Windows), and OpenClaw's own security audit`)
    // With the answers saved for this machine (the devices to probe, the chosen name servers, the ping URL's hash),
    // exactly as the window's re-check reads them.
    const env = savedJobEnv(store, target.key)
    const pass = await runRecheckPass(target, stepIds, { withAudit: true, viaLauncher, env, windows: windowsSide(process.env, dataDir), onPart: () => undefined }).finally(() => target.dispose())
    if (pass.records.length > 0) store.saveResults(target.key, pass.records)
    const ran = new Set(pass.records.map((r) => r.stepId))
    if (pass.interrupted || !stepIds.every((id) => ran.has(id))) throw new AppError('COMMAND_FAILED', pass.message, 'Check the connection and that the user may use sudo on the machine, then run verify again.')
    const items = pass.records
    return printResult(target.label, target.key, target.kind, items, store, manual, cmd.json)
  } catch (err) {
    const e = AppError.from(err)
    process.stderr.write(`error: ${e.message}\n${e.hint}\n`)
    return 2
  }
}

const isEntry = process.argv[1] !== undefined && /[\\/]index\.mjs$/.test(process.argv[1])
if (isEntry) {
  hardenProgramLookup()
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(2)
    },
  )
}

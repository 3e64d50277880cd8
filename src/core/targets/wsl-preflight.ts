import type { WslDistroView, WslPreflightView, WslState } from '../../shared/ipc-contract'
import { AppError } from '../app-error'
import { runProcessRaw, type RawResult } from './run-process'
import { decodeWslOutput, parseListQuiet, parseListVerbose } from './wsl-list'

/**
 * WSL preflight: which of "missing / virtualization off / no distro / WSL 1 / ready" this PC is in. Decided only by
 * exit codes and wsl.exe's error codes (`Wsl/…/CODE`, `0x…`): its sentences are translated, so they are never matched.
 */

/** wsl.exe's outputs at setup time (a few management calls, never per check). 'ENOENT' = wsl.exe does not exist. */
export interface PreflightRaw {
  readonly version: RawResult | 'ENOENT'
  readonly status: RawResult | null
  readonly listQuiet: RawResult | null
  readonly listVerbose: RawResult | null
}

export type PreflightResult = Omit<WslPreflightView, 'progress'>

const VIRTUALIZATION = new Set(['HCS_E_HYPERV_NOT_INSTALLED', '0x80370102', 'WSL_E_VIRTUAL_MACHINE_PLATFORM_REQUIRED', 'HCS_E_SERVICE_NOT_AVAILABLE', '0x80370114'])
const NOT_INSTALLED = new Set(['WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED', '0x8007019e', 'ERROR_LINUX_SUBSYSTEM_NOT_PRESENT', 'WSL_E_WSL_MSI_REQUIRED'])
const NO_DISTRO = new Set(['WSL_E_DEFAULT_DISTRO_NOT_FOUND'])

/**
 * The decisive error code in wsl.exe's output: the last path segment of the last `Wsl/…` token (the line's
 * "Error code:" label is translated, the token is not), else the last 0x… HRESULT.
 */
export function wslErrorCode(text: string): string | null {
  const tokens = text.match(/\bWsl\/[A-Za-z0-9_/.-]+/g)
  const last = tokens?.[tokens.length - 1]
  if (last) return last.split('/').filter(Boolean).pop() ?? null
  const hex = text.match(/\b0x[0-9a-fA-F]{8}\b/g)
  return hex?.[hex.length - 1]?.toLowerCase() ?? null
}

const codeOf = (r: RawResult) => wslErrorCode(`${decodeWslOutput(r.stdout)}\n${decodeWslOutput(r.stderr)}`)

/** The first dotted version number on a line (the labels before it are translated). */
function versionOn(line: string | undefined): string | null {
  return /\d+(?:\.\d+){1,4}/.exec(line ?? '')?.[0] ?? null
}

function view(state: WslState, reason: string, errorCode: string | null, extra: Partial<PreflightResult> = {}): PreflightResult {
  return {
    state,
    reason,
    errorCode,
    wslVersion: null,
    kernelVersion: null,
    windowsVersion: null,
    distros: [],
    next: NEXT[reason] ?? NEXT.ok ?? { title: '', text: '', command: null },
    ...extra,
  }
}

const NEXT: Readonly<Record<string, PreflightResult['next']>> = {
  'not-found': {
    title: 'WSL is not available on this Windows',
    text: 'wsl.exe was not found. WSL2 needs Windows 10 version 2004 (build 19041) or later, or Windows 11. Update Windows, then reopen this app.',
    command: null,
  },
  'optional-component': {
    title: 'WSL is not installed',
    text: 'Press "Install WSL": it runs wsl.exe --install --no-distribution in the terminal below. Windows asks for administrator approval, then for a restart.',
    command: 'wsl.exe --install --no-distribution',
  },
  'update-needed': {
    title: 'WSL is too old',
    text: 'This wsl.exe is the old one built into Windows and does not know --version. Update it: press "Install WSL" (wsl.exe --install --no-distribution) or install "Windows Subsystem for Linux" from the Microsoft Store, then reopen this app.',
    command: 'wsl.exe --install --no-distribution',
  },
  hyperv: {
    title: 'Virtualization is turned off',
    text: 'WSL2 runs Linux in a small virtual machine. Turn on "Virtual Machine Platform" (press "Install WSL": wsl.exe --install --no-distribution) and enable virtualization (Intel VT-x / AMD SVM) in the PC\'s UEFI/BIOS settings, then restart Windows and reopen this app.',
    command: 'wsl.exe --install --no-distribution',
  },
  'no-distro': {
    title: 'No Linux distribution yet',
    text: 'Press "Install Ubuntu 24.04": it runs wsl.exe --install -d Ubuntu-24.04 --no-launch in the terminal below; then you create your Linux user.',
    command: 'wsl.exe --install -d Ubuntu-24.04 --no-launch',
  },
  wsl1: {
    title: 'Your distribution runs on WSL 1',
    text: 'OpenClaw needs WSL 2 (a real Linux kernel, systemd, a firewall). Convert it in PowerShell with wsl.exe --set-version NAME 2, or install Ubuntu 24.04 next to it.',
    command: 'wsl.exe --set-version NAME 2',
  },
  ok: {
    title: 'WSL 2 is ready',
    text: 'Pick the distribution that runs (or will run) OpenClaw, then connect.',
    command: null,
  },
}

/** Classifies the raw outputs. Pure: tested on real stand-in bytes and on hand-made ones. */
export function classifyPreflight(raw: PreflightRaw): PreflightResult {
  if (raw.version === 'ENOENT') return view('missing', 'not-found', null)
  const versionCode = codeOf(raw.version)
  if (raw.version.exitCode !== 0) {
    if (versionCode && VIRTUALIZATION.has(versionCode)) return view('virtualization-off', 'hyperv', versionCode)
    if (versionCode && NOT_INSTALLED.has(versionCode)) return view('missing', 'optional-component', versionCode)
    // An inbox wsl.exe from before the Store version rejects --version as an unknown option.
    return view('missing', 'update-needed', versionCode)
  }
  const lines = decodeWslOutput(raw.version.stdout).split('\n').filter((l) => l.trim() !== '')
  const versions = { wslVersion: versionOn(lines[0]), kernelVersion: versionOn(lines[1]), windowsVersion: versionOn(lines[lines.length - 1]) }

  for (const r of [raw.status, raw.listQuiet]) {
    if (!r || r.exitCode === 0) continue
    const code = codeOf(r)
    if (code && VIRTUALIZATION.has(code)) return view('virtualization-off', 'hyperv', code, versions)
    if (code && NOT_INSTALLED.has(code)) return view('missing', 'optional-component', code, versions)
    if (code && NO_DISTRO.has(code)) return view('no-distro', 'no-distro', code, versions)
    if (r === raw.listQuiet) {
      throw new AppError('COMMAND_FAILED', `wsl.exe --list failed (exit code ${r.exitCode}${code ? `, error ${code}` : ''}).`, 'Run "wsl.exe --list --verbose" in PowerShell to see why; "wsl.exe --shutdown" and a retry often help.')
    }
  }
  const names = raw.listQuiet ? parseListQuiet(decodeWslOutput(raw.listQuiet.stdout)) : []
  if (names.length === 0) return view('no-distro', 'no-distro', null, versions)
  const detailed = raw.listVerbose && raw.listVerbose.exitCode === 0 ? parseListVerbose(decodeWslOutput(raw.listVerbose.stdout), names) : []
  const distros: WslDistroView[] = names.map((name) => detailed.find((d) => d.name === name) ?? { name, isDefault: false, state: '', version: 0 })
  if (!distros.some((d) => d.version === 2)) {
    const first = distros.find((d) => d.version === 1) ?? distros[0]
    const base = NEXT.wsl1 ?? view('wsl1', 'wsl1', null).next
    return view('wsl1', 'wsl1', null, { ...versions, distros, next: { ...base, command: `wsl.exe --set-version ${first?.name ?? 'NAME'} 2` } })
  }
  return view('ready', 'ok', null, { ...versions, distros })
}

/** Runs the management commands (four short wsl.exe processes, at setup only) and classifies them. */
export async function runPreflight(wslExe: string): Promise<PreflightResult> {
  const env = { ...process.env }
  delete env.WSL_UTF8 // decode what wsl.exe prints by default (UTF-16LE)
  const run = (args: string[]) => runProcessRaw(wslExe, args, { timeoutMs: 60_000, env })
  let version: RawResult
  try {
    version = await run(['--version'])
  } catch (err) {
    if (err instanceof AppError && /was not found/.test(err.message)) return classifyPreflight({ version: 'ENOENT', status: null, listQuiet: null, listVerbose: null })
    throw err
  }
  if (version.exitCode !== 0) return classifyPreflight({ version, status: null, listQuiet: null, listVerbose: null })
  const status = await run(['--status'])
  const listQuiet = await run(['--list', '--quiet'])
  const listVerbose = listQuiet.exitCode === 0 ? await run(['--list', '--verbose']) : null
  return classifyPreflight({ version, status, listQuiet, listVerbose })
}

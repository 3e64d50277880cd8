import type { CatalogStep, CheckOutput, CheckVerdict } from '../catalog-step'
import { parseSections, withIncludes } from '../catalog-step'
import { WSL_LIBS } from '../lib/wsl-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import undoScript from './undo.sh?raw'

const SETTINGS = [
  { section: 'interop-enabled', label: '[interop] enabled' },
  { section: 'interop-appendwindowspath', label: '[interop] appendWindowsPath' },
  { section: 'automount-enabled', label: '[automount] enabled' },
] as const

export function evaluateLockdown(output: CheckOutput): CheckVerdict {
  const s = parseSections(output.stdout)
  const values = SETTINGS.map((x) => ({ ...x, value: s.get(x.section)?.[0]?.trim() }))
  if (values.some((v) => v.value === undefined)) {
    return { status: 'error', summary: 'The check printed nothing usable.', evidence: output.stdout.split('\n').slice(0, 5) }
  }
  const interop = s.get('live-interop')?.[0]?.trim() ?? 'unknown'
  const mounts = (s.get('live-automount') ?? []).map((l) => l.trim()).filter((l) => l !== '' && l !== 'none')
  const evidence = [...values.map((v) => `${v.label}=${v.value ?? ''}`), `Windows interop handler: ${interop}`, `Windows drives mounted: ${mounts.join(' ') || 'none'}`]
  const open = values.filter((v) => v.value?.toLowerCase() !== 'false')
  if (open.length > 0) {
    return { status: 'fail', summary: `Not locked down: ${open.map((v) => `${v.label} is ${v.value === 'unset' ? 'unset (default true)' : v.value}`).join('; ')}.`, evidence }
  }
  if (interop === 'registered' || mounts.length > 0) {
    return { status: 'fail', summary: 'Configured, restart pending: Windows interop or drive mounts are still active. Restart the distribution (wsl.exe --terminate).', evidence }
  }
  return { status: 'pass', summary: 'Locked down: no Windows programs, no Windows PATH, no Windows drives inside Linux.', evidence }
}

export const wslConfLockdown: CatalogStep = {
  meta: {
    id: 'wsl-conf-lockdown',
    layer: 3,
    title: 'Lock down WSL interop and drives',
    rationale:
      'By default a WSL distribution is wired into Windows: anything running in Linux, including an agent OpenClaw runs, can start Windows ' +
      'programs and read or change your Windows files. This step cuts those wires in /etc/wsl.conf. ' +
      '[interop] enabled=false: Linux can no longer start Windows .exe files (cmd.exe, powershell.exe, explorer.exe…), so a compromised ' +
      'agent cannot run commands as your Windows user; it breaks running any .exe from Linux and `code .` (VS Code\'s WSL launcher). ' +
      '[interop] appendWindowsPath=false: Windows folders are no longer added to the Linux PATH, so Windows tools are not found by name ' +
      '(no `code`, `explorer.exe`, `clip.exe`, `wsl.exe` from Linux), and a program cannot pick a Windows binary by accident. ' +
      '[automount] enabled=false: C:\\ and the other drives are no longer mounted under /mnt, so Linux programs cannot read or encrypt your ' +
      'Windows files; it breaks /mnt/c access (copy files through \\\\wsl$ from Windows instead). ' +
      'Every other line of wsl.conf is kept, and Undo restores the previous values exactly. WSL reads the file only at start, so the app ' +
      'restarts the distribution after Apply and Undo.',
    warnings: [
      'After this, `code .`, running any .exe and /mnt/c no longer work inside this distribution (open its files from Windows through \\\\wsl$ instead).',
      'The distribution restarts: every Linux program running in it is stopped.',
    ],
    targets: ['wsl'],
    checkDescription:
      'Reads [interop] enabled, [interop] appendWindowsPath and [automount] enabled in /etc/wsl.conf (all must be false), and whether the ' +
      'Windows interop handler (/proc/sys/fs/binfmt_misc/WSLInterop) or drive mounts under /mnt are still active (restart pending).',
    effects: ['restart-wsl-distro'],
  },
  scripts: { apply: withIncludes(applyScript, WSL_LIBS), check: withIncludes(checkScript, WSL_LIBS), undo: withIncludes(undoScript, WSL_LIBS) },
  evaluate: evaluateLockdown,
}

import type { CatalogStep } from '../catalog-step'
import { withIncludes } from '../catalog-step'
import { evaluateLockdown } from './evaluate'
import evaluatorSource from './evaluate.ts?raw'
import { WSL_LIBS } from '../lib/wsl-libs'
import applyScript from './apply.sh?raw'
import checkScript from './check.sh?raw'
import undoScript from './undo.sh?raw'
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
  evaluatorSource,
}

export { evaluateLockdown }

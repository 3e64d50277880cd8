import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const STANDIN_WSL = fileURLToPath(new URL('./wsl.exe', import.meta.url))

export type StandinScenario =
  | 'ready' | 'not-installed' | 'old-inbox' | 'virtualization-off' | 'no-distro' | 'wsl1' | 'install-uac-cancel' | 'install-reboot' | 'install-ok'

/** A scenario folder for the wsl.exe stand-in (OCSS_WSL_STANDIN_DIR): which "Windows" the app meets. */
export class StandinWindows {
  readonly dir: string

  constructor(scenario: StandinScenario, distros: ReadonlyArray<{ name: string; version?: 1 | 2 }> = [], dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'ocss-wsl-scenario-'))
    mkdirSync(this.dir, { recursive: true })
    this.setScenario(scenario)
    writeFileSync(join(this.dir, 'distros'), distros.map((d) => `${d.version ?? 2} ${d.name}\n`).join(''))
  }

  setScenario(scenario: StandinScenario): void {
    writeFileSync(join(this.dir, 'scenario'), `${scenario}\n`)
  }

  scenario(): string {
    return readFileSync(join(this.dir, 'scenario'), 'utf8').trim()
  }

  /** "Restart Windows": pending installs get registered on the next wsl.exe call. */
  reboot(): void {
    writeFileSync(join(this.dir, 'rebooted'), '')
  }

  /** Environment for the stand-in: the lab's state file and this folder. */
  env(stateFile: string): Record<string, string> {
    return { OCSS_WSL_STANDIN_STATE: stateFile, OCSS_WSL_STANDIN_DIR: this.dir }
  }
}

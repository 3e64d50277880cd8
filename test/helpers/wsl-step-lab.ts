import type { Lab } from '../lab/lab'
import { ServiceDriver } from './service-driver'

/** PIDs (inside the lab) of the processes the wsl.exe stand-in started for `distro` (they carry its marker). */
export async function standinPids(lab: Lab, distro = 'Ubuntu-24.04'): Promise<number[]> {
  const r = await lab.exec(['bash', '-c', 'for p in /proc/[0-9]*; do tr "\\0" "\\n" <"$p/environ" 2>/dev/null | grep -qxF "OCSS_WSL_STANDIN_DISTRO=$1" && echo "${p#/proc/}"; done; true', 'x', distro])
  return r.stdout.split('\n').filter(Boolean).map(Number).sort((a, b) => a - b)
}

/** /etc/wsl.conf inside the lab, raw bytes as latin1 (null when absent). */
export async function wslConf(lab: Lab): Promise<string | null> {
  const r = await lab.exec(['bash', '-c', '[ -e /etc/wsl.conf ] && base64 -w0 /etc/wsl.conf || echo ABSENT'])
  return r.stdout.trim() === 'ABSENT' ? null : Buffer.from(r.stdout.trim(), 'base64').toString('latin1')
}

export async function writeWslConf(lab: Lab, text: string | null): Promise<void> {
  if (text === null) await lab.exec(['rm', '-f', '/etc/wsl.conf'])
  else await lab.exec(['bash', '-c', 'base64 -d >/etc/wsl.conf', 'x'], { input: Buffer.from(text, 'latin1').toString('base64') })
}

/**
 * A service driving the lab through the wsl.exe stand-in at `wslPath` (Windows mocked), connected to the distro the
 * stand-in plays; `disconnectWsl` disposes it and forgets the stand-in's state file.
 */
export async function connectWsl(lab: Lab, wslPath: string): Promise<ServiceDriver> {
  process.env.OCSS_WSL_STANDIN_STATE = lab.stateFile
  const driver = new ServiceDriver(undefined, wslPath)
  const c = await driver.call('target:connect', { target: { kind: 'wsl', distro: 'Ubuntu-24.04' } })
  if ((c as { status?: string }).status !== 'connected') throw new Error(`the wsl.exe stand-in did not connect: ${JSON.stringify(c)}`)
  return driver
}

export async function disconnectWsl(driver: ServiceDriver | undefined): Promise<void> {
  await driver?.svc.dispose()
  delete process.env.OCSS_WSL_STANDIN_STATE
}

import { homedir } from 'node:os'
import { join, posix, resolve, win32 } from 'node:path'

/** The CLI's data folder: $OCSS_DATA_DIR, else the platform's per-user config folder. The app uses Electron's userData. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OCSS_DATA_DIR) return resolve(env.OCSS_DATA_DIR)
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir()
  const p = platform === 'win32' ? win32 : posix
  if (platform === 'win32') return p.join(env.APPDATA || p.join(home, 'AppData', 'Roaming'), 'OpenClaw Secure Setup')
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', 'OpenClaw Secure Setup')
  return p.join(env.XDG_CONFIG_HOME || p.join(home, '.config'), 'OpenClaw Secure Setup')
}

/** Where each SSH target's own known_hosts file (its pinned host key) lives in the data folder. */
export function knownHostsDir(dataDir: string): string {
  return join(dataDir, 'known_hosts')
}

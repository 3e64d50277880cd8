import { homedir } from 'node:os'
import { join } from 'node:path'

/** The CLI's data folder: $OCSS_DATA_DIR, else the platform's per-user config folder. The app uses Electron's userData. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OCSS_DATA_DIR) return env.OCSS_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'OpenClaw Secure Setup')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'OpenClaw Secure Setup')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'OpenClaw Secure Setup')
}

/** Where each SSH target's own known_hosts file (its pinned host key) lives in the data folder. */
export function knownHostsDir(dataDir: string): string {
  return join(dataDir, 'known_hosts')
}

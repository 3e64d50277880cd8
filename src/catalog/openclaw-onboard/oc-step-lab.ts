import type { CatalogStep } from '../catalog-step'
import type { ExecResult, Lab } from '../../../test/lab/lab'

/**
 * Runs one of a step's scripts in a lab as root, the way job-runner.sh does (bash, the script on a file, parameters
 * as OCSS_* variables). Until kit-ts delivers OCSS_OC_USER from the service, the tests pass it here.
 */
export async function runStepScript(lab: Lab, step: CatalogStep, which: 'apply' | 'check' | 'undo' | string, env: Record<string, string> = {}, timeoutMs = 300_000): Promise<ExecResult & { seconds: number }> {
  const text = which === 'apply' || which === 'check' || which === 'undo' ? step.scripts[which] : extraScript(step, which)
  const put = await lab.exec(['bash', '-c', 'umask 077 && mkdir -p /root/ocss-job && cat > "/root/ocss-job/$1.sh"', 'put', which], { input: text })
  if (put.code !== 0) throw new Error(`staging ${which}.sh failed: ${put.stderr}`)
  const t0 = Date.now()
  const r = await lab.exec(['bash', `/root/ocss-job/${which}.sh`], { env, timeoutMs, cwd: '/root/ocss-job' })
  return { ...r, seconds: (Date.now() - t0) / 1000 }
}

function extraScript(step: CatalogStep, id: string): string {
  const s = (step as CatalogStep & { actionScripts?: Record<string, string> }).actionScripts?.[id]
  if (s === undefined) throw new Error(`${step.meta.id} has no action "${id}"`)
  return s
}

/**
 * Creates the OpenClaw account the way the account step will (a plain user with a home), unless it exists, with the
 * lab's node on its PATH (~/.local/bin/node), as the install step leaves it: lib/openclaw.sh runs its JSON5 helper
 * with the account's node.
 */
export async function ensureAccount(lab: Lab, user = 'openclaw'): Promise<void> {
  const r = await lab.exec(['bash', '-c', `id -u "$1" >/dev/null 2>&1 || useradd -m -s /bin/bash "$1"
    runuser -u "$1" -- bash -c 'mkdir -p ~/.local/bin && ln -sfn /opt/openclaw/node_modules/node/bin/node ~/.local/bin/node'`, 'u', user])
  if (r.code !== 0) throw new Error(r.stderr)
}

/** sha256 + mode + owner of every path under DIR (sorted), as root: the "changes nothing" snapshot. */
export async function snapshot(lab: Lab, dir: string): Promise<string> {
  const r = await lab.exec(['bash', '-c', '[ -e "$1" ] || { echo absent; exit 0; }; cd "$1" && find . -xdev \\( -name "*.sqlite*" -o -name "*.log" \\) -prune -o -printf "%p %y %m %u\\n" | sort; find . -type f ! -name "*.sqlite*" -print0 | sort -z | xargs -0r sha256sum', 's', dir])
  return r.stdout
}

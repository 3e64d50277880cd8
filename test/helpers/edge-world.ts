import type { Lab } from '../lab/lab'
import { MIRROR_NODE_TARBALL, type Mirror } from '../lab/mirror'
import { gatewayService } from '../../src/catalog/gateway-service/step'
import { openclawAccount } from '../../src/catalog/openclaw-account/step'
import { openclawInstallParams } from '../../src/catalog/openclaw-install/pins'
import { openclawInstall } from '../../src/catalog/openclaw-install/step'
import { openclawOnboard } from '../../src/catalog/openclaw-onboard/step'
import { runStepScript } from '../../src/catalog/openclaw-onboard/oc-step-lab'
import { startDnsStandin, type DnsStandin } from '../lab/dns-standin'
import { startHomeDevices, type HomeDevices } from '../lab/home-devices'
import { startPingStandin, type PingStandin } from '../lab/ping-standin'
import { dnsServers } from '../../src/catalog/dns-static/servers'
import { rootSh } from './full-run'
import { writeWslConf } from './wsl-step-lab'

/** The home network the router probe must not reach: the main router and the NAS, in one namespace host. */
export const HOME_ROUTER = '192.168.1.1'
export const HOME_NAS = '192.168.1.20'
export const HOME_SUBNET = '192.168.1.0/24'
/** The stock wsl.conf of the WSL edge run (systemd on, as after wsl-systemd): every line must survive dns-static. */
export const EDGE_WSL_CONF = '[boot]\nsystemd = true\n\n# the laptop\'s name on the LAN\n[network]\nhostname = laptop-wsl\n'

/**
 * What layers 1, 7 and 10 and the health ping meet on a person's machine, each part real: the chosen name servers
 * (Quad9's two addresses) as a DNS responder in its own netns, a healthchecks.io stand-in over HTTPS, the home
 * devices (both dropping everything: isolated), an outside skill installed with OpenClaw's own CLI and listed in the
 * lock file at "latest" (unpinned), and resolv.conf as the machine's own tooling leaves it: on WSL a symlink to the
 * file WSL generates and a wsl.conf of the person's own, over SSH the resolvconf package's symlink.
 */
export interface EdgeWorld {
  readonly dns: DnsStandin
  readonly ping: PingStandin
  readonly home: HomeDevices
  /** the ping URL the person has from their monitor: a canary */
  readonly pingUrl: string
  /** the account's workspace, where skills and .clawhub/lock.json are */
  readonly workspace: string
  stop(): Promise<void>
}

/**
 * A shell command as the OpenClaw account, the way a person runs it (`sudo -u openclaw -H bash`): from its home, the
 * app's install of Node and OpenClaw on its PATH, its user manager's runtime folder for `systemctl --user`.
 */
export async function asAccountSh(lab: Lab, user: string, script: string): Promise<string> {
  const home = `/home/${user}`
  const path = `${home}/.local/bin:${home}/.local/share/openclaw-secure-setup/node/current/bin:/usr/bin:/bin`
  const r = await lab.exec(['bash', '-c', `cd && export XDG_RUNTIME_DIR=/run/user/$(id -u) && ${script}`], { user, env: { HOME: home, PATH: path }, timeoutMs: 300_000 })
  if (r.code !== 0) throw new Error(`${user}: ${script}: exit ${r.code}\n${r.stderr}\n${r.stdout}`)
  return r.stdout
}

/** The lock file as OpenClaw writes it (JSON.stringify(…, null, 2) and a newline), written by the account. */
export const writeLockScript = (lock: string, skills: Readonly<Record<string, string>>): string =>
  `/usr/bin/python3 -c 'import json, sys; print(json.dumps({"version": 1, "skills": {k: {"version": v, "installedAt": 1796184060231} for k, v in json.loads(sys.argv[1]).items()}}, indent=2))' '${JSON.stringify(skills)}' >'${lock}'`

/**
 * OpenClaw as the app's own steps leave it, run as root the way a job runs them (no window, no CLI: the full runs cover
 * those): the account (SSH; on WSL the default user is the account), the pinned install from the lab mirror, the
 * onboarding (a gateway token in the secret store) and the gateway as the account's user service.
 */
export async function setUpOpenClaw(lab: Lab, mirror: Mirror, o: { kind: 'ssh' | 'wsl'; user: string }): Promise<void> {
  const env = {
    SUDO_USER: lab.user,
    OCSS_OC_USER: o.user,
    ...Object.fromEntries(Object.entries(openclawInstallParams({ nodeSha256ForTests: { x64: mirror.shasums[MIRROR_NODE_TARBALL] ?? '' } })).map(([k, v]) => [`OCSS_${k}`, v])),
    OCSS_IN_NPM_REGISTRY: mirror.registryUrl,
    OCSS_IN_NODE_DIST_URL: mirror.nodeDistUrl,
  }
  const steps = o.kind === 'ssh' ? [openclawAccount, openclawInstall, openclawOnboard, gatewayService] : [openclawInstall, openclawOnboard, gatewayService]
  for (const step of steps) {
    const r = await runStepScript(lab, step, 'apply', env, 900_000)
    if (r.code !== 0) throw new Error(`${step.meta.id} apply failed (${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`)
  }
}

export async function startEdgeWorld(lab: Lab, o: { kind: 'ssh' | 'wsl'; user: string; home: string }): Promise<EdgeWorld> {
  const workspace = `${o.home}/.openclaw/workspace`
  if (o.kind === 'wsl') {
    await rootSh(lab, 'mkdir -p /mnt/wsl && printf "# This file was automatically generated by WSL.\\nnameserver 10.255.255.254\\n" >/mnt/wsl/resolv.conf && ln -sfn /mnt/wsl/resolv.conf /etc/resolv.conf')
    await writeWslConf(lab, EDGE_WSL_CONF)
  } else {
    await rootSh(lab, 'mkdir -p /run/resolvconf && printf "nameserver 127.0.0.53\\noptions edns0\\n" >/run/resolvconf/resolv.conf && ln -sfn ../run/resolvconf/resolv.conf /etc/resolv.conf')
  }
  await asAccountSh(lab, o.user, 'mkdir -p ~/src/hello-notes && printf -- "---\\nname: hello-notes\\ndescription: Says hello in notes.\\nversion: 1.2.3\\n---\\n# Hello\\n" >~/src/hello-notes/SKILL.md && ' +
    `cd ~/src && openclaw skills install ./hello-notes >/dev/null && mkdir -p '${workspace}/.clawhub' && ${writeLockScript(`${workspace}/.clawhub/lock.json`, { 'hello-notes': 'latest' })}`)
  const started: { stop(): Promise<void> }[] = []
  try {
    const dns = await startDnsStandin(lab, dnsServers('quad9'))
    started.push(dns)
    const ping = await startPingStandin(lab)
    started.push(ping)
    const home = await startHomeDevices(lab, [HOME_ROUTER, HOME_NAS])
    started.push(home)
    await home.drop(HOME_ROUTER)
    await home.drop(HOME_NAS)
    return { dns, ping, home, pingUrl: ping.newUrl(), workspace, stop: async () => { for (const s of started.reverse()) await s.stop() } }
  } catch (e) {
    for (const s of started.reverse()) await s.stop()
    throw e
  }
}

/**
 * What dns-static, skills-pinned and health-ping change on the machine, as an undo must bring it back: resolv.conf
 * (type, mode, owner, link target or lsattr flags, bytes), wsl.conf's bytes, the lock file's bytes, the health ping's
 * files (paths, modes, owners, hashes; not its status file, which every run rewrites) and timer, and the undo records.
 */
export async function edgeState(lab: Lab, user: string, home: string): Promise<string> {
  const P = `/usr/local/lib/openclaw-secure-setup ${home}/.config/openclaw-secure-setup ${home}/.config/systemd ${home}/.local/state/openclaw-secure-setup`
  return rootSh(
    lab,
    `echo "## resolv.conf"; stat -c "%F %a %U:%G %N" /etc/resolv.conf
if [ -L /etc/resolv.conf ]; then echo "target: $(readlink /etc/resolv.conf)"; else lsattr -d /etc/resolv.conf | cut -d" " -f1; fi
sha256sum </etc/resolv.conf
echo "## wsl.conf"; sha256sum </etc/wsl.conf 2>/dev/null || echo absent
echo "## lock"; sha256sum '${home}/.openclaw/workspace/.clawhub/lock.json' 2>/dev/null || echo absent
echo "## health ping"; find ${P} -printf '%p %y %m %u\\n' 2>/dev/null | sort
find ${P} -type f ! -name health-ping.status -print0 2>/dev/null | sort -z | xargs -0r sha256sum
runuser -u ${user} -- env XDG_RUNTIME_DIR=/run/user/$(id -u ${user}) systemctl --user is-enabled ocss-health-ping.timer 2>&1 || true
echo "## undo records"; ls -A /var/lib/openclaw-secure-setup/undo 2>/dev/null || true; ls -A '${home}/.openclaw/.ocss-undo' 2>/dev/null || true`,
  )
}

/** edgeState, and what applying again must not touch either: the inode and mtime of resolv.conf and the lock file. */
export async function edgeExact(lab: Lab, user: string, home: string): Promise<string> {
  return `${await edgeState(lab, user, home)}${await rootSh(lab, `stat -c "%n %i %Y" /etc/resolv.conf '${home}/.openclaw/workspace/.clawhub/lock.json' ${home}/.config/systemd/user/ocss-health-ping.* 2>&1 || true`)}`
}
